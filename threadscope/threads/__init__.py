"""Posts → threads: markers, ordering, splitting."""

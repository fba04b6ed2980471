"""Replies → clusters of coordinated accounts."""

"""Learner accounts and profiles."""

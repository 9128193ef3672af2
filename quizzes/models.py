"""Quizzes, questions, attempts; groups and assignments."""

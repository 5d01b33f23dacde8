"""Reusable views: they render what the screen gives them and post messages up."""

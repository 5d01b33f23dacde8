"""The app's screens: each coordinates the core calls for one task."""

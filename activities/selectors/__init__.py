"""Reads about organisations and activities; permission filtering lives here."""

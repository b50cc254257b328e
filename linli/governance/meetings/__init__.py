"""Petitions, meetings, motions, decisions, hearings and consultations."""

"""Principals, roles and API keys: who may do what through the HTTP API and console."""

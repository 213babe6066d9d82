"""Bouquet Desk: the helpdesk of the Bouquet de services des lycées aux entreprises."""

__version__ = "0.1.0"

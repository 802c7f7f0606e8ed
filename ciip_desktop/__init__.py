"""CIIP Desktop: client records, sessions and information packages for pre-arrival counsellors."""

__version__ = "0.1.0"
APP_NAME = "CIIP Desktop"
APP_ID = "ciip-desktop"

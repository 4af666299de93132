"""Financing: service budgets, the municipal co-financing programme, compensation and allocation."""

"""Development intentions of providers and the statements of consistency with the plan."""

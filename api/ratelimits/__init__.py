"""Rate limits for every door a stranger can knock on, shared across replicas through Redis."""

"""Built-in plugins, one package per local practice."""

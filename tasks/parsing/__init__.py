"""Field parsers used by `tasks.extract`: each reads one kind of fact from normalised document text."""

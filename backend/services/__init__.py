"""Service functions: the rules of Signstage, free of HTTP."""

"""The deployment check (``make deploy-check``): deploy/ built and run here, tested as one."""

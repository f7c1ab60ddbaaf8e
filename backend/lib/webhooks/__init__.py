"""Webhooks as the Standard Webhooks specification has them: where they may go, how they are signed and sent.

No Flask and no database: the services queue and log, this package checks, signs and posts.
"""

"""Django's PostgreSQL backend, waiting a few seconds for a server that is restarting.

While PostgreSQL restarts, new connections are refused ("connection refused", "the database
system is starting up") for a moment. Stock Django fails every request that arrives then;
this backend retries the connection with a short backoff for up to CONNECT_RETRY_SECONDS, so
those requests wait and succeed. Only a query already running when the server went away can
fail: at most one request per worker. (CONN_HEALTH_CHECKS, set in settings, replaces a
persistent connection the restart killed before a request uses it.)
"""

import time

from django.db.backends.postgresql import base

CONNECT_RETRY_SECONDS = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + CONNECT_RETRY_SECONDS
        delay = 0.05
        while True:
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError:
                if time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

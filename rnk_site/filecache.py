"""
The page cache's store on one machine when no Redis is configured: Django's file cache,
culled less often.

Django's FileBasedCache lists its whole directory on every write to decide whether to
cull, so a write costs more the more pages are kept: with 5,000 pages stored, a cold page
took 5-9 ms longer to serve than with the cache off, most of it in that listing. Here a
process lists the directory on its first write and then once every ``CULL_EVERY`` writes;
between two looks each process adds at most that many files beyond ``MAX_ENTRIES``.
"""

import threading

from django.core.cache.backends.filebased import FileBasedCache


class PageFileCache(FileBasedCache):
    CULL_EVERY = 200

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = 0
        self._writes_lock = threading.Lock()

    def _cull(self):
        with self._writes_lock:
            self._writes += 1
            due = self._writes % self.CULL_EVERY == 1
        if due:
            super()._cull()

"""
Upload limits enforced while the request is read, not after.

Django streams a multipart body through its upload handlers; the handler here counts
each file's bytes as they arrive and skips a file the moment it passes the per-file
limit, so an oversized file is never held in memory or on disk. Its name and reason
are kept for the import page, and the other files of the request go on as usual.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .importing import MAX_FILE_BYTES, too_large_reason


class SizeLimitUploadHandler(FileUploadHandler):
    """Skip any uploaded file over ``limit`` bytes; ``refused`` lists ``(name, reason)``."""

    def __init__(self, request=None, *, limit=MAX_FILE_BYTES):
        super().__init__(request)
        self.limit = limit
        self.refused = []
        self.received = 0

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.received = 0
        if content_length is not None and content_length > self.limit:
            self._refuse(content_length)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(None)
        return raw_data  # handed on to Django's memory or temporary-file handler

    def file_complete(self, file_size):
        return None  # the next handler builds the file

    def _refuse(self, size):
        self.refused.append((self.file_name, too_large_reason(size, limit=self.limit)))
        raise SkipFile

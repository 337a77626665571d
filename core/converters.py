"""Path converters every part's URLs use.

``<id:pk>`` is Django's int converter bounded to what a database key can hold (a signed 64-bit integer):
a longer number is no page (404) instead of reaching the database, where SQLite (the embedded
default) refuses it with an OverflowError, a 500, on lookups through a foreign key.
"""

ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > ID_MAX:
            raise ValueError("no database key is this large")  # Django reads it as no match
        return number

    def to_url(self, value):
        return str(int(value))

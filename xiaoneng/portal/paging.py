"""A paginator that never counts: one page of rows plus one to know a next page exists.

``COUNT(*)`` over a million published results costs more than the page
itself; the results list shows "previous / next" and the page number, no
total.
"""

MAX_PAGE = 500  # deeper pages are a scraper, not a reader: narrow the filters instead


def page_number(request) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


class SlicePage:
    """The rows of page ``number`` of ``rows`` (a queryset), fetched with ``LIMIT size + 1``."""

    def __init__(self, rows, number: int, size: int):
        self.number = number
        self.size = size
        offset = (number - 1) * size
        fetched = list(rows[offset : offset + size + 1])
        self.object_list = fetched[:size]
        self.has_next = len(fetched) > size
        self.has_previous = number > 1
        self.next_page_number = number + 1
        self.previous_page_number = number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

"""Django's zh_Hans formats, with amounts grouped by thousands.

Django's own leave numbers ungrouped (``THOUSAND_SEPARATOR = ""``, grouping by
four); the department's notices, fee schedules and penalty decisions write
50,000.00 元. Only a filter that asks for grouping (``floatformat:"2g"``) uses
it: case numbers, years and counts are never grouped (``USE_THOUSAND_SEPARATOR``
stays off).
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

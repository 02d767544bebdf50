"""Published penalty decisions on the public portal (处罚结果公示).

Only decided and published decisions appear. Personal data never reaches the
page: a natural person's name is cut to the surname, identifiers are masked,
and the party's name, ID and phone numbers typed into the summary are masked
too. No address, phone or ID number is shown.
"""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiaoneng.core.masking import mask_identifier, mask_person_name, mask_phone
from xiaoneng.enforcement import deadlines, selectors

PAGE_SIZE = 20
ID_PATTERN = re.compile(
    r"(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])|(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])"
)
PHONE_PATTERN = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def scrub(text: str) -> str:
    """Free text with ID numbers, credit codes and mobile numbers masked."""
    text = ID_PATTERN.sub(lambda match: mask_identifier(match.group(0)), text or "")
    return PHONE_PATTERN.sub(lambda match: mask_phone(match.group(0)), text)


def public_row(decision) -> dict:
    case = decision.case
    facts = case.penalty_facts
    person = case.applicant_kind == "person"
    summary = scrub(facts.summary)
    if person and case.applicant_name.strip():
        summary = summary.replace(
            case.applicant_name.strip(), mask_person_name(case.applicant_name)
        )
    return {
        "number": case.number,
        "decision_number": decision.decision_number,
        "party": mask_person_name(case.applicant_name) if person else case.applicant_name,
        "party_code": "" if person else mask_identifier(case.credit_code),
        "violation": facts.get_violation_type_display(),
        "summary": summary,
        "fine": decision.fine,
        "article": decision.article,
        "authority": case.authority.name,
        "decided_on": decision.decided_on,
        "published_on": decision.published_on,
    }


def decisions(request):
    query = request.GET.get("q", "")[:60]
    page = Paginator(selectors.published_decisions(query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [public_row(decision) for decision in page]
    context = {
        "page": page,
        "rows": rows,
        "q": query,
        "query": urlencode({"q": query}) if query else "",  # kept by the pager's links
        "publish_days": deadlines.PUBLISH_WORKDAYS,
    }
    return render(request, "enforcement_portal/decisions.html", context)


def decision(request, number):
    row = selectors.published_decisions().filter(case__number=number).first()
    if row is None:
        raise Http404(_("No published decision with this number."))
    return render(request, "enforcement_portal/decision.html", {"row": public_row(row)})

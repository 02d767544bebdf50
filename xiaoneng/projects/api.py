"""Key projects and their approvals on the REST API (read only).

Same scope and roles as the board: staff with a business role, the projects
of their region (a project outside it is a 404); the administrators are
refused (403). A list page costs a fixed number of queries.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xiaoneng.cases.scope import BUSINESS_ROLES, user_roles
from xiaoneng.projects import selectors
from xiaoneng.projects.serializers import (
    ApprovalSerializer,
    KeyProjectDetailSerializer,
    KeyProjectSerializer,
)


class OnTheBoard(permissions.BasePermission):
    message = _("The key-project board is for the department's business staff.")

    def has_permission(self, request, view):
        user = request.user
        return hasattr(user, "profile") and bool(user_roles(user) & BUSINESS_ROLES)


@extend_schema_view(
    list=extend_schema(tags=["key projects"], summary=_("Key projects in the user's scope")),
    retrieve=extend_schema(
        tags=["key projects"],
        summary=_("One key project with its approvals in procedural order"),
        responses={200: KeyProjectDetailSerializer},
    ),
)
class KeyProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of key projects (重点项目) with the figures of their cases."""

    permission_classes = [permissions.IsAuthenticated, OnTheBoard]
    serializer_class = KeyProjectSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.visible_projects(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        projects = list(page)
        context = {**self.get_serializer_context(), "figures": selectors.figures_for(projects)}
        data = KeyProjectSerializer(projects, many=True, context=context).data
        return self.get_paginated_response(data)

    def _detail_context(self, project) -> dict:
        figures = selectors.figures_for([project])
        return {
            **self.get_serializer_context(),
            "figures": figures,
            "approvals": selectors.approvals_of(project, figures[project.pk].next_code),
            "services": selectors.services_of(project),
        }

    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        context = self._detail_context(project)
        return Response(KeyProjectDetailSerializer(project, context=context).data)

    @extend_schema(
        tags=["key projects"],
        summary=_("The project's approvals in procedural order"),
        responses={200: ApprovalSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def approvals(self, request, code=None):
        project = self.get_object()
        context = self._detail_context(project)
        return Response(ApprovalSerializer(context["approvals"], many=True).data)

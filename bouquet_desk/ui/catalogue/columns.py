"""Columns of the catalogue tables (headers in French, through Qt's translation system)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...core.catalogue import labels
from ..models.table import Column


def _t(text: str) -> str:
    return QCoreApplication.translate("catalogue", text)


def establishment_columns() -> list[Column]:
    return [
        Column(_t("Établissement"), lambda r: r.name, tooltip=lambda r: f"UAI {r.uai}"),
        Column(_t("Type"), lambda r: _t(labels.establishment_type(r.type, short=True)),
               tooltip=lambda r: _t(labels.establishment_type(r.type))),
        Column(_t("Commune"), lambda r: r.commune),
        Column(_t("Formations"), lambda r: r.formations, align_right=True),
        Column(_t("Ressources"), lambda r: r.resources, align_right=True),
        Column(_t("Territoire"), lambda r: r.territory),
    ]


def formation_columns() -> list[Column]:
    return [
        Column(_t("Intitulé"), lambda r: r.title, tooltip=lambda r: r.pfmp_periods),
        Column(_t("Diplôme"), lambda r: r.diploma),
        Column(_t("Niveau"), lambda r: r.level, align_right=True),
        Column(_t("Voies"), lambda r: labels.pathways(r.pathways)),
        Column(_t("Places"), lambda r: r.capacity, align_right=True),
        Column(_t("Périodes PFMP"), lambda r: r.pfmp_periods),
        Column(_t("Contact"), lambda r: r.contact),
        Column(_t("CFD"), lambda r: r.cfd),
        Column(_t("ROME"), lambda r: r.rome_codes),
    ]


def resource_columns() -> list[Column]:
    return [
        Column(_t("Ressource"), lambda r: r.name),
        Column(_t("Type"), lambda r: _t(labels.resource_type(r.type))),
        Column(_t("Capacité"), lambda r: r.capacity, align_right=True),
        Column(_t("Conditions"), lambda r: r.conditions),
        Column(_t("Tarif"), lambda r: r.price),
        Column(_t("Disponibilités"), lambda r: r.availability),
        Column(_t("Contact"), lambda r: r.contact),
    ]


def contact_columns() -> list[Column]:
    return [
        Column(_t("Nom"), lambda r: r.name),
        Column(_t("Rôle"), lambda r: _t(labels.role(r.role))),
        Column(_t("Téléphone"), lambda r: r.phone),
        Column(_t("Courriel"), lambda r: r.email),
        Column(_t("Demandes traitées"), lambda r: labels.categories(r.categories),
               tooltip=lambda r: labels.categories(r.categories)),
        Column(_t("Disponibilités"), lambda r: r.availability),
        Column(_t("Suppléant"), lambda r: r.backup),
    ]

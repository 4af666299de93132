from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel


class Region(BaseModel):
    """Kraj (NUTS 3)."""

    code = models.CharField(_("ČSÚ code"), max_length=4, unique=True)
    nuts = models.CharField(_("NUTS code"), max_length=5, unique=True)
    ruian_code = models.CharField(_("RÚIAN code"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(_("abbreviation"), max_length=3)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(BaseModel):
    """Okres (LAU 1)."""

    code = models.CharField(_("ČSÚ code"), max_length=5, unique=True)
    nuts = models.CharField(_("LAU 1 code"), max_length=6)
    ruian_code = models.CharField(_("RÚIAN code"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Orp(BaseModel):
    """Municipality with extended powers and its administrative district (SO ORP)."""

    code = models.CharField(_("ČSÚ code"), max_length=4, unique=True)
    ruian_code = models.CharField(_("RÚIAN code"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("ORP")
        verbose_name_plural = _("ORPs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(BaseModel):
    """Obec, keyed by its 6-digit ČSÚ / RÚIAN code."""

    code = models.CharField(_("municipality code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("status"), max_length=30)
    pou_code = models.CharField(_("POÚ code"), max_length=5)
    pou_name = models.CharField(_("POÚ"), max_length=100)
    orp = models.ForeignKey(Orp, verbose_name=_("ORP"), on_delete=models.PROTECT)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    centroid_lat = models.FloatField(_("centroid latitude"))
    centroid_lon = models.FloatField(_("centroid longitude"))
    label_lat = models.FloatField(_("inner point latitude"))
    label_lon = models.FloatField(_("inner point longitude"))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centroid_lat__gte=48.5, centroid_lat__lte=51.1)
                & Q(centroid_lon__gte=12.0, centroid_lon__lte=18.9),
                name="municipality_centroid_in_czechia",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PopulationFact(BaseModel):
    """Population of a municipality on a reference date (ČSÚ, 1 January).

    Age groups are empty where the source has none (Praha, military districts).
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="population_facts",
    )
    reference_date = models.DateField(_("as of"))
    total = models.PositiveIntegerField(_("inhabitants"))
    men = models.PositiveIntegerField(_("men"))
    women = models.PositiveIntegerField(_("women"))
    age_0_14 = models.PositiveIntegerField(_("aged 0–14"), null=True, blank=True)
    age_15_64 = models.PositiveIntegerField(_("aged 15–64"), null=True, blank=True)
    age_65_plus = models.PositiveIntegerField(_("aged 65+"), null=True, blank=True)
    age_0_14_men = models.PositiveIntegerField(null=True, blank=True)
    age_15_64_men = models.PositiveIntegerField(null=True, blank=True)
    age_65_plus_men = models.PositiveIntegerField(null=True, blank=True)
    age_0_14_women = models.PositiveIntegerField(null=True, blank=True)
    age_15_64_women = models.PositiveIntegerField(null=True, blank=True)
    age_65_plus_women = models.PositiveIntegerField(null=True, blank=True)
    average_age = models.DecimalField(
        _("average age"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["municipality__name", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference_date"], name="population_once_per_date"
            ),
            models.CheckConstraint(
                condition=Q(age_0_14__isnull=True)
                | Q(total=models.F("age_0_14") + models.F("age_15_64") + models.F("age_65_plus")),
                name="population_age_groups_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.reference_date}: {self.total}"


class Boundary(BaseModel):
    """A generalised boundary (GeoJSON geometry, WGS84) of a territorial unit.

    Kept apart from the units so that lists never load geometry by accident.
    """

    class Level(models.TextChoices):
        REGION = "region", _("region")
        DISTRICT = "district", _("district")
        ORP = "orp", _("ORP")
        MUNICIPALITY = "municipality", _("municipality")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=6)
    geometry = models.JSONField(_("geometry"))

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="boundary_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.code}"


class PlanningArea(BaseModel):
    """The tenant: a territory that plans its social services together."""

    class Kind(models.TextChoices):
        UNION = "union", _("union of municipalities")
        ORP = "orp", _("ORP district")
        CUSTOM = "custom", _("custom area")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    orp = models.ForeignKey(
        Orp, verbose_name=_("ORP"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published areas appear on the public portal and in the public API."),
    )
    municipalities = models.ManyToManyField(
        Municipality, through="AreaMembership", related_name="planning_areas"
    )

    class Meta:
        verbose_name = _("planning area")
        verbose_name_plural = _("planning areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaMembership(BaseModel):
    """A municipality belongs to a planning area for a period; membership changes over time."""

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="area_memberships",
    )
    valid_from = models.DateField(_("member since"), default=dt.date(2001, 1, 1))
    valid_to = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("member municipality")
        verbose_name_plural = _("member municipalities")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["planning_area", "municipality", "valid_from"],
                name="area_membership_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="area_membership_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ∈ {self.planning_area}"

"""The registry of social services: code lists (as data), providers, services, forms,
capacities and facilities, mirroring the ministry's Registr poskytovatelů sociálních služeb."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.territory.models import Municipality


class CodeStatus(models.TextChoices):
    """How sure we are of a code-list row; unverified rows are shown as such."""

    CONFIRMED = "confirmed", _("confirmed")
    INFERRED = "inferred", _("inferred, to be verified")
    UNVERIFIED = "unverified", _("not verified")


class ServiceCategory(models.TextChoices):
    COUNSELLING = "socialni_poradenstvi", _("social counselling")
    CARE = "socialni_pece", _("social care")
    PREVENTION = "socialni_prevence", _("social prevention")
    UNKNOWN = "unknown", _("not verified")


class Form(BaseModel):
    """Forma sociální služby: residential, outpatient, field."""

    code = models.CharField(_("code"), max_length=3, unique=True)  # pob / amb / ter
    registry_code = models.CharField(_("open-data code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    status = models.CharField(_("verification"), max_length=12, choices=CodeStatus.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("form of service")
        verbose_name_plural = _("forms of service")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class ServiceType(BaseModel):
    """Druh sociální služby by section of Act 108/2006 Sb."""

    key = models.SlugField(_("key"), max_length=20, unique=True)  # "49", "37-3", "60a", "cdz"
    paragraph = models.CharField(_("section of Act 108/2006"), max_length=12, blank=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory.choices)
    allowed_forms = models.ManyToManyField(Form, verbose_name=_("allowed forms"), blank=True)
    decree_paragraph = models.CharField(_("section of Decree 505/2006"), max_length=10, blank=True)
    registry_code = models.CharField(_("open-data code"), max_length=40, blank=True)
    registry_api_id = models.CharField(_("ministry API id"), max_length=10, blank=True)
    status = models.CharField(_("verification"), max_length=12, choices=CodeStatus.choices)
    is_registrable = models.BooleanField(_("registered separately"), default=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry_code"],
                condition=~Q(registry_code=""),
                name="service_type_registry_code_unique",
            )
        ]

    def __str__(self) -> str:
        return f"§ {self.paragraph} {self.name}" if self.paragraph else self.name


class TargetGroup(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    registry_code = models.CharField(_("open-data code"), max_length=40, blank=True)
    status = models.CharField(_("verification"), max_length=12, choices=CodeStatus.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgeBand(BaseModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    age_from = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    status = models.CharField(_("verification"), max_length=12, choices=CodeStatus.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")
        ordering = ["age_from"]

    def __str__(self) -> str:
        return self.name


class CapacityType(BaseModel):
    registry_code = models.CharField(_("open-data code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    typical_for = models.CharField(_("typical for"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("capacity type")
        verbose_name_plural = _("capacity types")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Provider(BaseModel):
    """Poskytovatel. Statutory bodies are personal data and are never stored."""

    ico = models.CharField(_("IČO"), max_length=8, blank=True)
    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    web = models.CharField(_("website"), max_length=300, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    address = models.CharField(_("registered address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ico"], condition=~Q(ico=""), name="provider_ico_unique"
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(ico=""), name="provider_name_unique_without_ico"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Service(BaseModel):
    """One registered social service (one registration = one type at one provider).

    `key` is the import key: the registry identifier where known, otherwise
    `portal:<portalId>` or the source's own item id. Capacity belongs to the registration.
    """

    class Origin(models.TextChoices):
        REGISTRY = "registry", _("ministry registry")
        PROVIDER_PAGE = "provider_page", _("provider's public information")
        MANUAL = "manual", _("entered by hand")

    key = models.CharField(_("import key"), max_length=60, unique=True)
    identifier = models.CharField(_("registry identifier"), max_length=7, blank=True, db_index=True)
    portal_id = models.CharField(_("registry portal id"), max_length=20, blank=True)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )
    service_type = models.ForeignKey(
        ServiceType,
        verbose_name=_("service type"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    target_group_note = models.TextField(_("who the service is for"), blank=True)
    age_bands = models.ManyToManyField(AgeBand, verbose_name=_("age bands"), blank=True)
    valid_from = models.DateField(_("provided since"), null=True, blank=True)
    valid_to = models.DateField(_("provided until"), null=True, blank=True)
    web = models.CharField(_("website"), max_length=300, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    territory = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities served"), blank=True, related_name="served_by"
    )
    territory_note = models.CharField(_("territorial scope"), max_length=300, blank=True)
    origin = models.CharField(_("data origin"), max_length=20, choices=Origin.choices)
    source = models.TextField(_("source"), blank=True)
    source_date = models.DateField(_("data as of"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("social service")
        verbose_name_plural = _("social services")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="service_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceForm(BaseModel):
    """A form in which a service is provided, with its hours and capacities.

    Registry capacity (clients, beds, contacts…) and the region's network units (direct-care
    FTE for field and outpatient, beds for residential) are different measures: both are kept.
    """

    class NetworkUnit(models.TextChoices):
        FTE = "fte", _("direct-care FTE")
        BEDS = "beds", _("beds")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="forms"
    )
    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.PROTECT)
    is_continuous = models.BooleanField(_("24/7"), null=True, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    network_units = models.DecimalField(
        _("network units"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    network_unit_kind = models.CharField(
        _("network unit"), max_length=5, choices=NetworkUnit.choices, blank=True
    )

    class Meta:
        verbose_name = _("form of a service")
        verbose_name_plural = _("forms of a service")
        ordering = ["form__order"]
        constraints = [
            models.UniqueConstraint(fields=["service", "form"], name="service_form_once"),
            models.CheckConstraint(
                condition=Q(network_units__isnull=True) | Q(network_units__gte=0),
                name="network_units_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.form}"


class Capacity(BaseModel):
    """Registered maximum capacity of a form of a service, not free places."""

    service_form = models.ForeignKey(
        ServiceForm,
        verbose_name=_("form of a service"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    capacity_type = models.ForeignKey(
        CapacityType, verbose_name=_("capacity type"), on_delete=models.PROTECT
    )
    value = models.DecimalField(_("capacity"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="capacity_not_negative"),
            models.UniqueConstraint(
                fields=["service_form", "capacity_type"], name="capacity_once_per_type"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.capacity_type}"


class Facility(BaseModel):
    """Zařízení: a place where the service is provided."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="facilities"
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    address_point_code = models.CharField(_("RÚIAN address point"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    orientation_number = models.CharField(_("orientation number"), max_length=10, blank=True)
    part_of_municipality = models.CharField(_("part of municipality"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(lat__isnull=True) & Q(lon__isnull=True))
                | (Q(lat__gte=48.5, lat__lte=51.1) & Q(lon__gte=12.0, lon__lte=18.9)),
                name="facility_coordinates_in_czechia",
            ),
        ]

    def __str__(self) -> str:
        return self.address_line or self.name or str(self.municipality or "")

    @property
    def address_line(self) -> str:
        number = "/".join(n for n in (self.house_number, self.orientation_number) if n)
        street = " ".join(p for p in (self.street or self.part_of_municipality, number) if p)
        # Czech postcodes are written "756 61".
        postcode = f"{self.postcode[:3]} {self.postcode[3:]}" if len(self.postcode) == 5 else ""
        town = " ".join(
            p for p in (postcode, self.municipality.name if self.municipality else "") if p
        )
        return ", ".join(p for p in (street, town) if p)

"""Reference data of the territory (spec §1): versioned CSV files in `data/`, loaded on migrate."""

from django.db import models


class BassinDeVie(models.Model):
    """A PLIE's own area (not an INSEE bassin de vie): Centre, Sud, Val de Durance..."""

    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("nom", max_length=100, unique=True)

    class Meta:
        verbose_name = "bassin de vie"
        verbose_name_plural = "bassins de vie"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=100)
    postal_code = models.CharField("code postal principal", max_length=5)
    department_code = models.CharField("département", max_length=3)
    bassin = models.ForeignKey(
        BassinDeVie, on_delete=models.PROTECT, related_name="communes", verbose_name="bassin de vie"
    )
    latitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommunePostalCode(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")
    postal_code = models.CharField("code postal", max_length=5, db_index=True)
    is_main = models.BooleanField("principal", default=False)

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        constraints = [
            models.UniqueConstraint(fields=["commune", "postal_code"], name="uniq_commune_postal")
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.commune.name}"


class Qpv(models.Model):
    """A priority neighbourhood (quartier prioritaire de la politique de la ville)."""

    class Generation(models.TextChoices):
        G2015 = "2015", "2015 (décret 2014-1750)"
        G2024 = "2024", "2024 (décret 2023-1314)"

    code = models.CharField("code", max_length=10, null=True, blank=True)
    name = models.CharField("nom", max_length=150)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="qpvs")
    generation = models.CharField("génération", max_length=4, choices=Generation.choices)

    class Meta:
        verbose_name = "quartier prioritaire (QPV)"
        verbose_name_plural = "quartiers prioritaires (QPV)"
        ordering = ["-generation", "commune__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(code__isnull=False), name="uniq_qpv_code"
            ),
            models.UniqueConstraint(
                fields=["commune", "name", "generation"], name="uniq_qpv_commune_name_generation"
            ),
        ]

    def __str__(self) -> str:
        code = f" ({self.code})" if self.code else ""
        return f"{self.name}{code} – {self.commune.name}, {self.generation}"


class SmicRate(models.Model):
    effective_date = models.DateField("en vigueur le", unique=True)
    hourly_gross = models.DecimalField("horaire brut (€)", max_digits=7, decimal_places=2)
    monthly_gross = models.DecimalField("mensuel brut (€)", max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = "SMIC"
        verbose_name_plural = "SMIC"
        ordering = ["-effective_date"]

    def __str__(self) -> str:
        return f"SMIC au {self.effective_date:%d/%m/%Y} : {self.monthly_gross} €/mois"


class DiplomaLevel(models.Model):
    """A row of the level correspondence table (2019 levels, 1969 levels, ISCED 2011)."""

    new_level = models.CharField("niveau 2019", max_length=2, blank=True)
    old_level = models.CharField("niveau 1969", max_length=6, blank=True)
    isced = models.CharField("CITE 2011", max_length=2, blank=True)
    label = models.CharField("libellé", max_length=255)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "niveau de qualification"
        verbose_name_plural = "niveaux de qualification"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class RomeDomain(models.Model):
    code = models.CharField("code", max_length=1, unique=True)
    label = models.CharField("libellé", max_length=255)

    class Meta:
        verbose_name = "grand domaine ROME"
        verbose_name_plural = "grands domaines ROME"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"


class RomeCode(models.Model):
    code = models.CharField("code ROME", max_length=5, unique=True)
    label = models.CharField("libellé", max_length=255)
    domain = models.ForeignKey(RomeDomain, on_delete=models.PROTECT, related_name="codes")
    parent_code = models.CharField("code parent", max_length=5, blank=True)
    sheet_label = models.CharField("fiche ROME", max_length=255, blank=True)

    class Meta:
        verbose_name = "code ROME"
        verbose_name_plural = "codes ROME"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"

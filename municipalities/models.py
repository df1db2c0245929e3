from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("A CBS municipality code looks like GM0363."))


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Municipality(models.Model):
    """A Dutch municipality, identified by its CBS code.

    Municipalities that disappear after a merger stay in the table, marked inactive,
    because ideas and fieldlabs keep referring to them.
    """

    code = models.CharField(_("CBS code"), max_length=6, unique=True, validators=[cbs_code_validator])
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=50, db_index=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive municipalities no longer exist, e.g. after a merger.")
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

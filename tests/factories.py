"""factory-boy factories, one per model group."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from requests_app.models import (
    AccessMethod,
    ApplicantType,
    Membership,
    PublicBody,
    Role,
    Unit,
    UnitKind,
)
from requests_app.services.requests import RequestInput

VALID_NIK = "3601014507900001"  # Banten, Pandeglang; born 5 July 1990 (female: day + 40)


class PublicBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicBody
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:03d}")
    slug = factory.Sequence(lambda n: f"badan-{n}")
    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Kab. Contoh {n}")
    kind = "regency"
    registration_code = factory.Sequence(lambda n: f"CONTOH{n}")
    city = "Serang"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    body = factory.SubFactory(PublicBodyFactory)
    slug = factory.Sequence(lambda n: f"opd-{n}")
    code = factory.Sequence(lambda n: f"OPD{n}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = UnitKind.PELAKSANA


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(PublicBodyFactory)
    unit = None
    role = Role.UTAMA_OFFICER


def request_input(**overrides) -> RequestInput:
    """A complete, valid statutory form; override any field."""
    values = {
        "applicant_type": ApplicantType.INDIVIDUAL,
        "full_name": "Siti Aminah",
        "nik": VALID_NIK,
        "address": "Jl. Raya Serang No. 1, Kota Serang",
        "occupation": "Wiraswasta",
        "phone": "081234567890",
        "email": "siti@example.org",
        "information_requested": "Salinan DPA Dinas Pendidikan tahun anggaran 2025",
        "purpose": "Penelitian anggaran pendidikan",
        "access_method": AccessMethod.COPY,
        "copy_format": "softcopy",
        "delivery_method": "email",
    }
    values.update(overrides)
    return RequestInput(**values)

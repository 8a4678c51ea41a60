"""factory-boy factories with French fake data."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from jalons.accounts.models import User
from jalons.organisations.models import Lot, Membership, Organisation
from jalons.participants.models import Participant
from jalons.pathways.models import Contact, Orientation, Step
from jalons.territory.models import Commune

factory.Faker._DEFAULT_LOCALE = "fr_FR"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.jalons.fr")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("motdepasse-solide-42")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = "provider"
    name = factory.Sequence(lambda n: f"Organisation {n}")


class PlieFactory(OrganisationFactory):
    class Meta:
        skip_postgeneration_save = True

    kind = "plie"
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"PLIE {n}")

    @factory.post_generation
    def communes(self, create: bool, extracted: list[Commune] | None, **kwargs: object) -> None:
        if create:
            self.communes.set(extracted if extracted is not None else Commune.objects.all())


class LotFactory(DjangoModelFactory):
    class Meta:
        model = Lot

    plie = factory.SubFactory(PlieFactory)
    code = factory.Sequence(lambda n: f"LOT{n}")
    name = factory.Sequence(lambda n: f"Lot {n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "adviser"
    start_date = date(2020, 1, 1)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    plie = factory.SubFactory(PlieFactory)
    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    sex = factory.Iterator(["F", "M"])
    birth_date = factory.Faker("date_of_birth", minimum_age=20, maximum_age=60)
    commune = factory.LazyFunction(lambda: Commune.objects.get(insee_code="13001"))
    france_travail_registered = True
    job_seeker_since = date(2020, 1, 15)
    rsa = True
    qualification_level = "V"
    barriers = factory.LazyFunction(lambda: ["mobility"])

    class Params:
        sensitive = factory.Trait(rqth=True, barriers=["health", "debt", "mobility"], rsa=True)


class OrientationFactory(DjangoModelFactory):
    class Meta:
        model = Orientation

    participant = factory.SubFactory(ParticipantFactory)
    plie = factory.SelfAttribute("participant.plie")
    prescriber_kind = "caf"
    submitted_on = date(2024, 1, 10)
    reasons = "Bénéficiaire du RSA sans emploi depuis deux ans."


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    date = date(2024, 3, 1)
    kind = "individual"
    notes = "Point d'étape."


class StepFactory(DjangoModelFactory):
    class Meta:
        model = Step

    kind = "atelier"
    start_date = date(2024, 3, 1)

"""Glossary terms the lessons use, with plain definitions written for msportal, published.

A term is created only when neither its slug nor its name (in any case) exists yet, so
editors' changes are never overwritten; undoing the migration leaves the terms alone.
"""

from django.db import migrations
from django.utils import timezone

# (term, slug, also matches, short definition)
TERMS = [
    (
        "myelin",
        "myelin",
        "myelin sheath",
        "A fatty layer that wraps around nerve fibres in the brain, spinal cord and optic "
        "nerves. It helps nerve signals travel quickly. In MS, the immune system damages myelin.",
    ),
    (
        "central nervous system",
        "central-nervous-system",
        "CNS",
        "The brain, the spinal cord and the optic nerves (the nerves of the eyes). MS affects "
        "the central nervous system.",
    ),
    (
        "microglia",
        "microglia",
        "microglial, microglial cells",
        "Immune cells that live in the brain and spinal cord. They clear away damage and fight "
        "infection, but when they are too active they can add to inflammation.",
    ),
    (
        "dysbiosis",
        "dysbiosis",
        "",
        "An imbalance in the mix of microbes in the gut, for example too few of some helpful "
        "bacteria. Studies link dysbiosis with MS, but that does not prove it causes MS.",
    ),
    (
        "gut microbiome",
        "gut-microbiome",
        "microbiome, gut microbiota, microbiota, gut microbes",
        "The trillions of bacteria and other microbes that live in the intestines, together "
        "with their genes.",
    ),
    (
        "short-chain fatty acids",
        "short-chain-fatty-acids",
        "short-chain fatty acid, SCFAs, SCFA",
        "Small molecules that gut bacteria make when they break down fibre from food. They help "
        "calm inflammation and keep the gut lining strong.",
    ),
    (
        "EAE",
        "eae",
        "experimental autoimmune encephalomyelitis",
        "Experimental autoimmune encephalomyelitis: an illness like MS that is caused on purpose "
        "in mice or rats to study MS. What works in EAE does not always work in people.",
    ),
    (
        "EDSS",
        "edss",
        "Expanded Disability Status Scale",
        "Expanded Disability Status Scale: a score from 0 to 10 that doctors use to measure "
        "disability in MS. A higher score means more disability.",
    ),
    (
        "regulatory T cells",
        "regulatory-t-cells",
        "regulatory T cell, Tregs, Treg",
        "Immune cells that calm other immune cells. They help stop the immune system from "
        "attacking the body's own tissues.",
    ),
    (
        "cytokines",
        "cytokines",
        "cytokine",
        "Small proteins that immune cells use to send messages to each other. Some cytokines "
        "make inflammation stronger; others calm it down.",
    ),
    (
        "intestinal barrier",
        "intestinal-barrier",
        "gut barrier, gut lining",
        "The lining of the intestines. It lets nutrients from food into the body and keeps "
        "bacteria and harmful substances out.",
    ),
    (
        "placebo",
        "placebo",
        "placebos",
        "A dummy treatment that looks like the real one but has no active ingredient. "
        "Comparing a treatment with a placebo shows whether the treatment itself makes a "
        "difference.",
    ),
    (
        "randomised controlled trial",
        "randomised-controlled-trial",
        "randomized controlled trial, randomised controlled trials, randomized controlled "
        "trials, RCT, RCTs",
        "A study in which chance decides who gets the treatment and who gets a comparison, such "
        "as a placebo. It is the fairest way to test whether a treatment works.",
    ),
    (
        "disease-modifying therapy",
        "disease-modifying-therapy",
        "disease-modifying therapies, disease-modifying treatment, disease-modifying "
        "treatments, DMT, DMTs",
        "A medicine for MS that reduces relapses and slows the damage MS causes. It does not "
        "cure MS. Probiotics do not replace it.",
    ),
    (
        "probiotic",
        "probiotic",
        "probiotics",
        "Live microorganisms that give a health benefit when taken in the right amounts (the "
        "definition experts agreed on in 2014). Probiotics are not a cure for MS.",
    ),
    (
        "prebiotic",
        "prebiotic",
        "prebiotics",
        "A part of food, often a kind of fibre, that helpful gut microbes feed on and that "
        "gives a health benefit.",
    ),
    (
        "strain",
        "strain",
        "strains",
        "One particular type of a bacterium within its species. Strains of the same species can "
        "act very differently, so a study's result applies only to the strains it tested.",
    ),
    (
        "relapsing-remitting MS",
        "relapsing-remitting-ms",
        "relapsing-remitting multiple sclerosis, RRMS",
        "The most common type of MS. Symptoms flare up for a time (a relapse) and then get "
        "better, partly or fully (a remission).",
    ),
]


def create_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("editorial", "GlossaryTerm")
    db = schema_editor.connection.alias
    existing = GlossaryTerm.objects.using(db).values_list("slug", "term")
    slugs = {slug for slug, _term in existing}
    names = {term.lower() for _slug, term in existing}
    now = timezone.now()
    GlossaryTerm.objects.using(db).bulk_create(
        GlossaryTerm(
            term=term,
            slug=slug,
            also_matches=also,
            short_definition=definition,
            status="published",
            publish_at=now,
        )
        for term, slug, also, definition in TERMS
        if slug not in slugs and term.lower() not in names
    )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_seed_site_pages")]

    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]

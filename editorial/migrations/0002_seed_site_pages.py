"""The four site pages every msportal needs, written for msportal, published.

A page is created only when no page has its slug, so editors' changes are never overwritten;
undoing the migration leaves the pages alone too. The text is frozen here on purpose: later
versions of the pages are editors' work in the admin, not migrations.
"""

from django.db import migrations
from django.utils import timezone

ABOUT = """\
msportal is a free website that teaches people with multiple sclerosis (MS), and the people \
around them, what is known about MS, the gut-brain axis and probiotics. It also explains the \
limits of that evidence: what has only been seen in mice, what small studies in people found, \
and what nobody knows yet.

## Who it is for

- People living with MS.
- Family members, partners, friends and carers.
- MS nurses, clinic educators and support-group leaders, who can use the quizzes with their \
groups.

You do not need an account to read the lessons or take the quizzes. With an account, you can \
keep your progress on more than one device.

## What you will find here

- **Lessons** in short modules, in plain language. Each lesson says how strong the evidence is.
- **Quizzes** to check what you have learned. There is no time pressure, and you can try again.
- **Questions and answers** about common worries.
- A **reference library** with the studies and organisations our lessons are based on.
- A **glossary** that explains the medical words we use.

## What msportal is not

msportal is educational information, not medical advice. It cannot tell you what is right for \
you. Probiotics are not a cure for MS and do not replace disease-modifying therapy. Talk to your \
healthcare team before you change your treatment or start a supplement, especially if a \
medicine weakens your immune system.

## Who we are

msportal is an open-source project. Patient-education staff write the lessons, and a medical \
reviewer checks each one before it is published. Every lesson names its author and reviewer and \
shows their statements about conflicts of interest. Our [editorial policy](/editorial-policy/) \
explains how we write, check and fund what you read here.

msportal carries no advertising and does not sell or promote any product.
"""

EDITORIAL_POLICY = """\
We want every page on msportal to be correct, fair and easy to read. This page explains how we \
work to make sure of that.

## How we write

- We write in plain language, for a reading age of about 13 (US grade 8 or lower). When we must \
use a medical word, we explain it, and you can look it up in the [glossary](/glossary/).
- Every claim comes from a source in our [reference library](/references/): studies, reviews, \
guidelines, trial registries and patient organisations. Each lesson lists its sources at the \
end, with numbers that match the text.
- We say how strong the evidence is. Each lesson shows one of four levels: established, \
emerging human evidence, early human trials, or animal and lab studies only. We never present a \
result in mice as a result in people.
- We do not name products, brands or prices, and we never use affiliate links. When a source in \
our library is a company that sells something, it carries a "commercial" label.
- We do not promise cures. Probiotics are not a cure for MS and do not replace \
disease-modifying therapy.

## How we check

- A medical reviewer, such as a neurologist or an MS specialist nurse, checks every lesson \
before it is published. The lesson page shows who wrote it, who reviewed it, and when.
- Every lesson has a date for its next review, usually within a year. If that date has passed, \
the lesson says that we are checking it again.
- When new research changes what we should say, we update the lesson and review it again.

## Conflicts of interest

Everyone who writes or reviews a lesson gives us a dated statement about any funding, payments \
or other interests that could affect their work. The statement is shown on every lesson they \
wrote or reviewed. We do not ask anyone to review a lesson about a product or treatment they \
have a financial interest in.

## How msportal is paid for

msportal is free to use. We do not show advertising, and we do not accept sponsorship from \
companies that make or sell probiotics, supplements or MS medicines. If msportal receives \
funding, we will name who gave it on this page. We do not sell or share information about the \
people who use the site.

## Mistakes and feedback

If you find a mistake, a broken link or something hard to understand, please use the "Report a \
problem" form at the end of each lesson and answer, or our [contact page](/contact/). An editor \
reads every report. When we correct a mistake in a lesson, we update the page.
"""

PRIVACY = """\
We collect as little as we can, we never sell it, and we send nothing about you to anyone else. \
This page says what we store, why, and for how long.

## If you read without an account

- **A session cookie** (called `sessionid`). If you mark a lesson as done or take a quiz, we \
give your browser a random code in this cookie, so we can remember your progress. The code is \
not your name and says nothing about you. The cookie lasts about two weeks. After that, the \
progress saved under the code stays in our database, but nobody can link it to you. If you log \
in, the same cookie keeps you logged in.
- **A security cookie** (called `csrftoken`) that protects forms against a kind of attack. It \
holds a random code and nothing else, and lasts one year.
- **A display cookie** (called `msportal_display`), only if you change the display settings \
such as text size or colours. It holds those settings and nothing else, and lasts one year.

## If you have an account

- **Your account**: your user name, your email address if you gave one, your password (stored \
scrambled, so nobody can read it), and when you joined and last logged in. We use your email \
address only to send you a link to reset your password, or to answer feedback you asked us to \
answer.
- **Your settings**: display settings and any extra time you chose for quizzes.
- **Your learning**: which lessons you marked as done and when, and your quiz attempts: your \
answers, scores and times.
- **Groups**: if you join a group, the educator who runs it can see your user name, the quizzes \
they gave the group that you took, and your scores.
- **API tokens**: if you make a personal API token on My progress, we keep the name you gave \
it, when it was made and last used, and a scrambled copy of it that nobody can turn back into \
the token.

When you sign up or log in, the progress you saved without an account moves into your account.

We keep all of this until you delete your account.

## Feedback you send us

When you use "Was this helpful?" or "Report a problem", we store the page, your answer and \
your message. We do not store your name or your internet (IP) address with it. Only if you are \
logged in and tick "You may contact me" do we link the message to your account, so we can \
answer. Please do not write health details in a message. We delete feedback one year after we \
have dealt with it.

To stop floods of automatic messages, we count how many messages come from one internet address \
in ten minutes. We keep only a scrambled code made from the address, never the address itself, \
and it is deleted after ten minutes.

## Logging in safely

If someone types a wrong password, we note the user name that was typed, the internet address \
and the browser, so we can stop people who try to guess passwords. These notes are deleted \
after 15 minutes. We do not keep a record of successful logins, apart from the time you last \
logged in.

## Server logs

Our server writes a log of each page request: the page, the time, how long it took and \
whether it worked. The log does not hold your name, your account or your internet address. We \
use it to fix problems and keep it for up to 30 days.

## What we never do

- No advertising, no tracking and no analytics services.
- Every page, font and script comes from our own server. Nothing is loaded from other websites, \
so they cannot see your visit.
- We do not sell, rent or share information about you.

## See or delete your data

- Go to [My progress](/accounts/me/) and choose **Download my data** to get everything we hold \
about your account in one file.
- On the same page, choose **Delete my account**. This deletes your account, your settings, \
your progress, your quiz attempts and your group memberships. Feedback you sent stays, but it \
is no longer linked to you.

If you have a question about your data, please use our [contact page](/contact/).
"""

CONTACT = """\
We would like to hear from you: about a mistake, a broken link, something hard to understand, \
or an idea for a new lesson.

## The quickest way

Use the form below, or the "Was this helpful?" form at the end of every lesson and answer. That \
form tells us which page you mean. You do not need an account.

If you would like an answer, log in first and tick "You may contact me". We will reply to the \
email address in your account. Without that, we cannot reply, because we do not store who sent \
a message.

## What we cannot help with

- We cannot give medical advice or answer questions about your own health or treatment. Please \
ask your MS team, your doctor or your pharmacist.
- If you feel very unwell or think you need help now, call your local emergency number or your \
healthcare team.

## Your privacy

Please do not write health details, your name or your contact details in a message. Our \
[privacy page](/privacy/) says what we store and for how long.
"""

PAGES = [
    (
        "about",
        "About msportal",
        "Who msportal is for, what you will find here, and what it is not.",
        ABOUT,
    ),
    (
        "editorial-policy",
        "How we write, check and pay for our content",
        "How lessons are written, medically reviewed and kept up to date, and how msportal "
        "is paid for.",
        EDITORIAL_POLICY,
    ),
    (
        "privacy",
        "Privacy: what we store and why",
        "What msportal stores about you, for how long, and how to download or delete it.",
        PRIVACY,
    ),
    (
        "contact",
        "Contact us",
        "How to tell us about a mistake or an idea, and what we cannot help with.",
        CONTACT,
    ),
]


def create_pages(apps, schema_editor):
    from publishing.rendering import render_markdown

    SitePage = apps.get_model("editorial", "SitePage")
    db = schema_editor.connection.alias
    existing = set(SitePage.objects.using(db).values_list("slug", flat=True))
    now = timezone.now()
    SitePage.objects.using(db).bulk_create(
        SitePage(
            slug=slug,
            title=title,
            summary=summary,
            body=body,
            body_html=render_markdown(body),
            status="published",
            publish_at=now,
        )
        for slug, title, summary, body in PAGES
        if slug not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]

"""Build the held-out accuracy set: answers and conditions that no rule was ever tuned on.

    .venv/bin/python benchmarks/build_heldout_set.py --out /tmp/heldout
    .venv/bin/python benchmarks/accuracy.py --synthetic /tmp/heldout -v

Built after round 8 of docs/accuracy.md to measure issue 14's targets on speech the project
never saw; nothing here is to be tuned on. It shares no text and no parameter value with the
tuned sets (``build_synthetic_set.py``, ``build_classes_set.py``, ``build_long_set.py``, the
short-"uh" sweep):

- five new interview answers of 43-56 s (``ANSWERS``), four by the Piper voice at speaking
  rates the tuned set never used (``length_scale`` 0.85, 1.0, 1.2, 1.35) and one by espeak-ng,
  a second voice the project never heard;
- pauses of 0.31-2.8 s, several within 0.1 s of the 0.3-s floor; every filler's length fixed
  (0.16-0.78 s, the tuned set drew 0.3-0.8 s), set off by silences, glued to words on one or
  both sides, and a run of three ("uh... uh, um") in every answer;
- conditions at new values (``CONDITIONS``): white noise at -40 dBFS (tuned: -45, -35), pink
  at -30 (tuned: -35), 60-Hz hum at -38 (tuned: 50 Hz at -40), rooms of RT60 0.3 and 0.8 s
  (tuned: 0.5 s), and breaths, clicks, a chair and typing in the same answer over white noise
  at -50 (tuned: each pair alone, over -55), all drawn from seeds of their own.

``--fresh`` builds a second held-out set (``FRESH_ANSWERS``, session 8): five more answers of the
same kinds, other texts and seeds, for when the first has informed a rule. It is scored only as
totals before and after a session's changes. ``--third`` builds a third (``THIRD_ANSWERS``,
session 15) of new texts and seeds, scored the same way, for a check no rule was read on.
``--fourth`` builds a fourth (``FOURTH_ANSWERS``, session 17), ``--fifth`` a fifth
(``FIFTH_ANSWERS``, session 18) and ``--sixth`` a sixth (``SIXTH_ANSWERS``, session 24) likewise, at rates, filler lengths
and pauses none of the other sets used.
``--dev`` and ``--dev2`` build the two development sets (``DEV_ANSWERS``, ``DEV2_ANSWERS``),
which rules are tuned on.

Writes ``NAME.wav`` plus ``NAME.truth.json`` (``devtools.synth.Truth``), the synthetic set's
format. The noises, rooms and sounds are the synthetic set's own functions. Piper's variation
is on, as in the synthetic set, and cannot be seeded: each build is a new draw of the Piper
answers, each with its own exact truth (espeak-ng's answer is the same every time).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # devtools/ lives beside rehearse/
sys.path.insert(0, str(HERE))
from build_synthetic_set import breaths_and_clicks, hum, pink, reverberant, room_sounds, white  # noqa: E402
from devtools import synth  # noqa: E402

SEED = "heldout"  # every draw of this set is seeded from it: none of the tuned sets' seeds


# The answers, as said: [seconds] is a pause, <kind seconds> a filler held that long, and the
# text between is spoken. A filler with no pause on one side is glued to that word.
ANSWERS: dict[str, tuple[str, float, str]] = {  # name -> (voice, length_scale, script)
    "failure": ("piper", 0.85, """
The clearest failure I can point to happened during my second year at a logistics startup. [0.38]
I was asked to move our order system to a new database over a single weekend. [0.9] <uh 0.42> [0.55]
I was confident, so I skipped the full rehearsal and trusted my checklist. [1.6]
On Sunday night the import stopped halfway, and nobody could place an order for six hours. [0.32] <um 0.24>
customers noticed, and my manager had to call our biggest client himself. [2.2]
I wrote the incident report that same night and took the blame in front of the team. [0.7]
<uh 0.31> [0.45] <uh 0.19> [0.27] <um 0.56> [0.6]
What I changed afterwards matters more than the outage itself. [0.34]
Every migration I lead now has a dry run on a copy of the real data, and a written way back. [1.1]
Since then <uh 0.28> we have moved four systems without a single lost order. [0.8]
It was a painful lesson, but it made me a much more careful engineer.
"""),
    "company": ("piper", 1.2, """
I want to work here because your product solves a problem I have lived with for years. [0.6]
Before I moved into software, I ran a small bakery with my sister. [1.3] <um 0.66> [0.4]
We lost hours every week matching invoices from our suppliers by hand. [0.36]
When I found your tool, it gave us back almost a full day each month. [2.8]
So I know what it means to the people who use it. [0.5] <uh 0.17>
and I would love to build it instead of only paying for it. [1.0]
I also read the engineering blog your team publishes. [0.41]
The post about retiring the old billing service showed a careful and honest culture. [0.75]
<uh 0.45> [0.5] <uh 0.26> [0.2] <um 0.38> [0.7]
Teams that write down their mistakes in public tend to learn faster. [1.8]
Finally, the role mixes data work with talking to customers, which is the balance I want. [0.31]
That is why this company is my first choice.
"""),
    "led": ("piper", 1.0, """
Last autumn our support team was drowning in tickets after a big release. [0.45]
Nobody had asked me to, but I offered to coordinate the response. [1.4] <uh 0.71> [0.37]
First I split the tickets into three groups by how urgent they were, <um 0.2>
then I paired each engineer with one support agent. [0.9]
That way the people fixing bugs heard directly from the people answering customers. [2.0]
Within two weeks the backlog fell from nine hundred tickets to under one hundred. [0.33]
The hardest part was keeping everyone calm when the numbers looked bad. [0.65] <um 0.47> [1.2]
I held a short meeting every morning where we only talked about what was blocking us. [0.39]
<uh 0.16> [0.36] <uh 0.24> [0.5] <um 0.61> [0.45]
Later my manager asked me to write the process down for other teams. [1.0]
It is still used today, and I was promoted to team lead the following spring.
"""),
    "technical": ("piper", 1.35, """
The hardest technical problem I solved was a memory leak in our mobile app. [0.5]
It only showed up on older phones, and only after about an hour of use. [1.7] <um 0.53> [0.44]
I could not reproduce it at first, so I added logging around every screen change. [0.35]
The logs pointed to an image cache that never released pictures the user had scrolled past. [0.8] <uh 0.29>
it kept a strong reference to each one. [2.4]
I replaced that reference with a weak one and wrote a test that scrolls for thirty minutes. [0.6]
<uh 0.4> [0.28] <uh 0.18> [0.42] <um 0.33> [0.55]
Crashes on those phones dropped by more than half the next week. [1.05]
What I took from it is that a problem you cannot see needs measurement before it needs a fix.
"""),
    "pressure": (synth.ESPEAK, 1.1, """
When deadlines pile up, I start by writing every task on one list. [0.7] <um 0.5> [0.4]
Then I ask my lead which two items matter most this week. [1.2]
Last March we had a product demo and a security audit on the same Friday. [0.36] <uh 0.3>
so I moved the audit notes to a shared document early. [2.1]
My colleagues could fill in their parts while I rehearsed the demo. [0.34]
<uh 0.25> [0.38] <uh 0.35> [0.25] <um 0.45> [0.9]
Both went fine, and the auditors even thanked us for being organised. [0.55] <um 0.78>
pressure does not disappear, but a clear list makes it feel smaller. [0.95]
I would handle a week like that the same way again.
"""),
}
# The development set: the same kinds of answer (rates, voices, fillers glued, in runs, short),
# other texts and seeds. Rules after round 8 are tuned on these, never on ``ANSWERS``, so that the
# held-out set keeps measuring speech no rule has seen (``--dev``).
DEV_ANSWERS: dict[str, tuple[str, float, str]] = {
    "teamwork": ("piper", 0.9, """
In my last role I worked with a designer who saw every problem differently from me. [0.42]
At first our meetings ran long and ended without a decision. [1.1] <um 0.5> [0.36]
So I suggested we each sketch our idea before talking. [0.33] <uh 0.22>
and bring the sketches to a fifteen minute review. [1.5]
The reviews were short, and we argued about the work instead of each other. [0.6]
<um 0.35> [0.31] <uh 0.2> [0.4] <uh 0.3> [0.65]
We shipped the new checkout page a week early. [2.3]
I learned that structure can turn a conflict into a useful debate.
"""),
    "growth": ("piper", 1.1, """
In five years I hope to lead a small team that builds tools for analysts. [0.8] <uh 0.36> [0.5]
Right now I am learning how to plan work for other people, <um 0.18>
not only for myself. [1.3]
I mentor two junior developers and we meet every Tuesday. [0.37]
Those meetings taught me to ask questions before giving answers. [0.7]
<uh 0.28> [0.26] <um 0.42> [0.33] <uh 0.17> [0.5]
I also take one course each year, this year on statistics. [1.9]
Your company grows people from within, which is exactly the path I want.
"""),
    "mistake": ("piper", 1.25, """
Early in my career I sent a price change to every customer instead of a test group. [0.55]
I noticed it within ten minutes, <uh 0.33> and told my manager right away. [1.2]
We wrote a short apology together and reversed the change. [0.9] <um 0.62> [0.45]
The next day I added a confirmation step to the tool. [0.34]
<um 0.3> [0.4] <uh 0.21> [0.29] <uh 0.44> [0.8]
Nobody has made that mistake since, and I check twice before anything goes to customers.
"""),
    "priorities": (synth.ESPEAK, 1.0, """
I decide what to do first by asking what happens if each task waits a week. [0.6] <uh 0.4> [0.35]
Anything that blocks other people goes to the top. [1.4]
Last quarter two managers asked me for reports on the same day. [0.32] <um 0.26>
so I asked them to agree on the order together. [1.8]
<uh 0.31> [0.3] <uh 0.2> [0.45] <um 0.5> [0.7]
They chose in five minutes, and both reports were on time.
"""),
    "feedback": ("piper", 1.05, """
When my review comments upset a new colleague, I asked her for coffee the next day. [0.5]
<uh 0.4> [0.2] <um 0.35> [0.45]
She told me the comments felt like orders, not suggestions. [1.2]
I started writing questions instead, <um 0.22> like why this approach. [0.36]
<um 0.3> [0.15] <uh 0.26> [0.6]
Her next pull requests came with notes explaining her reasoning. [1.6]
Now she reviews my code too, and her comments are the most useful on the team.
"""),
}
# A second held-out set, written in session 8 after the first had informed two rules (a word
# timed over a lost sentence, session 7; how many word ends judge a room's ring, session 8).
# Scored only as totals, before and after a session's rules, never read item by item (``--fresh``).
FRESH_ANSWERS: dict[str, tuple[str, float, str]] = {
    "manager": ("piper", 0.95, """
My manager and I once disagreed about when to ship a new search feature. [0.52]
She wanted it out before a trade show, and I thought the ranking was not ready. [1.15] <um 0.48> [0.42]
Instead of arguing in the meeting, I asked for one afternoon to show her the numbers. [0.34]
I pulled twenty real queries from our logs and ran them side by side. [1.9]
Seven of them returned nothing useful, <uh 0.23>
and two showed a competitor's product first. [0.8]
She looked at the results and agreed to a smaller launch. [0.37]
<um 0.34> [0.29] <uh 0.21> [0.44] <uh 0.5> [0.66]
We showed the feature to ten customers at the show and fixed the ranking a week later. [1.3]
We still disagree sometimes, but now we settle it with data.
"""),
    "achievement": ("piper", 1.1, """
The work I am proudest of is cutting our monthly close from ten days to four. [0.47]
I was the junior analyst on a finance team of six people. [1.45] <uh 0.37> [0.5]
Every month we copied numbers between eleven spreadsheets by hand. [0.33] <um 0.27>
mistakes crept in, and we spent days finding them. [2.3]
I taught myself enough scripting to pull the numbers straight from the ledger. [0.6]
<uh 0.44> [0.32] <um 0.19> [0.38] <uh 0.29> [0.5]
Then I checked every result against the old way for three months. [0.9]
Once the team trusted it, we switched for good, <um 0.22> and nobody has asked to go back. [1.2]
It showed me that small tools can change how a whole team works.
"""),
    "leaving": ("piper", 1.25, """
I am leaving my current job because the company is moving away from the work I love. [0.58]
For four years I built tools for our warehouse staff. [1.05] <um 0.6> [0.35]
This spring we were bought by a larger firm that runs everything from one central system. [0.31]
My team now maintains screens rather than solving problems. [2.6]
I am grateful for what I learned there, <uh 0.26>
especially about working closely with the people who use what I build. [0.7]
<um 0.29> [0.36] <uh 0.18> [0.3] <um 0.41> [0.48]
Your role puts me back next to the users, and that is where I do my best work. [1.4]
So this move is about growth, not about escaping anything.
"""),
    "learning": ("piper", 0.9, """
Last year I had to learn a new programming language in about three weeks. [0.4]
Our team had inherited a payment service written in Go, and I had never used it. [1.2] <uh 0.52> [0.46]
I started by reading the existing code every morning before my other work. [0.35] <uh 0.2>
then I rewrote one small module as practice. [2.0]
A senior colleague reviewed it and showed me the habits the language expects. [0.39]
<uh 0.33> [0.27] <um 0.24> [0.41] <uh 0.37> [0.58]
By the end of the month I fixed a real bug in the retry logic. [0.95]
Now I keep a short list of questions whenever I learn something new, <um 0.25> and I ask them early. [1.1]
That habit has made every new tool easier since.
"""),
    "complaint": (synth.ESPEAK, 1.0, """
A customer once called to complain that our invoices were always wrong. [0.62] <uh 0.45> [0.4]
I listened to the whole story before I said anything. [1.3]
Then I opened her last three invoices while she was still on the line. [0.33] <um 0.28>
the tax rate for her region had been set up wrongly for a year. [2.2]
I apologised, explained the mistake, and promised a corrected statement by Friday. [0.45]
<uh 0.3> [0.34] <uh 0.22> [0.26] <um 0.4> [0.7]
I sent it on Thursday, with a credit for the months she had overpaid. [0.5] <um 0.55>
she is still a customer, and she now sends us referrals. [1.0]
I learned that a calm first minute can save a whole relationship.
"""),
}
# The second development set (session 9): once the first was tuned on to 0.95 recall, its
# failures no longer said what the held-out sets miss. Five more answers of the same kinds, other
# texts and seeds, to be tuned on like ``DEV_ANSWERS`` (``--dev2``).
DEV2_ANSWERS: dict[str, tuple[str, float, str]] = {
    "strength": ("piper", 1.0, """
My main strength is that I stay calm when a plan falls apart. [0.5] <um 0.3> [0.35]
Last year our vendor closed two weeks before a launch. [0.9]
I listed what we still controlled, <uh 0.2> and split it between the four of us. [1.3]
We found a new supplier in three days, <um 0.25> and the launch slipped by one day only. [0.7]
<uh 0.3> [0.3] <um 0.4> [0.6]
People tell me that a calm voice in the room helps them think. [1.8]
That is the part of the job I enjoy most.
"""),
    "ambiguity": ("piper", 1.25, """
I like work where the question is not clear yet. [0.6] <uh 0.45> [0.45]
When I joined the data team, nobody could say what a good forecast looked like. [1.0]
So I talked to the buyers, <um 0.22> the planners and the finance people. [0.4] <uh 0.35> [0.3]
and wrote down what each of them would do with a number. [2.2]
That gave us three measures instead of one vague goal. [0.33] <um 0.28> [0.5]
<uh 0.22> [0.27] <uh 0.3> [0.7]
Within a quarter the planners trusted the forecast enough to use it every week.
"""),
    "bakery": (synth.ESPEAK, 1.2, """
I want to work here because your product is used by small shops like my parents' bakery. [0.8]
<um 0.4> [0.3] I have seen how much time they lose on stock and orders. [1.4]
Your team fixes exactly that, <uh 0.25> and I would like to help build it. [0.5]
<uh 0.35> [0.35] <um 0.3> [0.9]
I also read your engineering blog, <um 0.3> especially the post about offline mode. [0.6]
It showed me a team that writes down what it learns.
"""),
    "onboarding": ("piper", 0.85, """
In my first month I was asked to take over a billing service nobody had touched in a year. [0.7] <uh 0.25> [0.4]
I read the alerts from the last six months before reading any code. [1.2]
Most of them came from one retry job, <um 0.2> so I started there. [0.45]
<um 0.3> [0.32] <uh 0.2> [0.28] <uh 0.25> [0.6]
I added logging, found the bad timeout, and the alerts dropped to almost none. [2.0]
After that the team asked me to write the guide for the next new person.
"""),
    "data": ("piper", 1.15, """
Once my manager wanted to cut a feature that I believed customers used. [0.55] <uh 0.5> [0.5]
Instead of arguing, I asked for a week to look at the numbers. [0.9]
The logs showed that a third of paying customers opened it every day, <um 0.24> mostly on phones. [0.38]
<uh 0.28> [0.3] <um 0.35> [1.1]
I shared the chart with her, <uh 0.18> and we kept the feature but simplified it. [0.6]
She later asked me to run the same check before every cut.
"""),
}
# A third held-out set, written in session 15: five more answers of the same kinds, other texts,
# rates and seeds, for a check no rule was read on. Scored only as totals, never read item by
# item (``--third``).
THIRD_ANSWERS: dict[str, tuple[str, float, str]] = {
    "yourself": ("piper", 0.92, """
I began my working life as a lab technician, testing water samples for a regional utility. [0.36]
Most of each day went into copying instrument readings into a spreadsheet. [1.2]
After a year of that I wrote a small program to read the files for me, <uh 0.21> and my evenings came back. [0.33]
Word got around, and soon three other labs were asking for copies. [1.7]
That was when I noticed I enjoyed building the tool more than running the tests. [0.4]
<uh 0.27> [0.29] <um 0.18> [0.37] <uh 0.35> [0.62]
So I took a part time course in programming and moved into the utility's data team. [2.3]
For the last three years I have looked after our reporting pipeline, <um 0.32> [0.55]
which turns millions of meter readings into the numbers our engineers plan with. [0.9]
I still sit with the chemists once a week. [0.38] <um 0.46>
their questions keep my work grounded in what people actually do. [1.1]
Now I want a bigger product team, where that habit counts for even more.
"""),
    "weakness": ("piper", 1.08, """
My biggest weakness has been saying yes to too many requests at once. [0.45]
People ask me for help because I answer quickly, and I like being useful. [1.3] <uh 0.38> [0.41]
Two years ago that habit caught up with me. [0.34]
I had promised small favours to four different teams and fell behind on my own project. [2.0]
Nobody complained, <um 0.19> but my code reviews started arriving days late. [0.7]
<um 0.41> [0.24] <uh 0.23> [0.39] <uh 0.3> [0.58]
Since then I keep every request in one visible queue, with a rough estimate beside it. [1.5]
When something new arrives, I ask the person which of my current tasks it should replace. [0.32] <uh 0.26>
most of the time they decide it can wait until next week. [0.85]
I still like helping, but now my team can see what I have already agreed to do. [1.0]
It is not fully solved, so I look through the queue every Friday afternoon.
"""),
    "ethics": ("piper", 1.18, """
At a marketing agency, a client once asked us to reuse the email addresses from an old contest. [0.5]
The people on that list had agreed to hear about the contest and nothing else. [1.4]
My director was ready to say yes, <uh 0.24> [0.6]
because the client was one of our largest accounts. [0.37]
I asked her to give me a day to find another way before we replied. [0.8] <um 0.35>
that evening I drafted a short campaign inviting those people to sign up again. [2.5]
<uh 0.2> [0.31] <um 0.52> [0.28] <uh 0.17> [0.45]
We showed the client both plans, with the legal risk of the first one in plain numbers. [1.0]
They chose the second, <um 0.29> and about a fifth of the old list signed up willingly. [0.35]
Those subscribers opened our emails far more often than the old list ever had. [1.2]
I learned that saying no works best when you arrive with an alternative.
"""),
    "remote": ("piper", 1.3, """
For two years I worked on a team spread across Lisbon, Toronto and Singapore. [0.48]
There was only one hour a day when all of us were awake. [1.25]
Early on, a decision could wait a full day whenever one person had a question. [0.7]
The same arguments came back week after week. [0.33]
So I proposed that every design start as a written page anyone could comment on overnight. [2.0]
<um 0.22> [0.36] <uh 0.44> [0.26] <um 0.19> [0.5]
The shared hour became a place to settle disagreements, <uh 0.25> not to share news. [0.9]
Within a month our pull requests were merged in half the time. [1.5]
It also helped the quieter engineers, <um 0.58> [0.4] who wrote some of our best proposals. [0.34]
I would bring the same habits to any team that works across time zones.
"""),
    "budget": (synth.ESPEAK, 1.05, """
Last year our cloud bill doubled in six months, and finance asked me to explain why. [0.6] <uh 0.5> [0.38]
I tagged every server by team and sorted the costs from largest to smallest. [1.5]
Nearly half came from test machines that nobody switched off at night. [0.35] <um 0.23>
some had been running since a hackathon the previous spring. [2.4]
<um 0.33> [0.27] <uh 0.16> [0.4] <um 0.37> [0.75]
I shared the list with each team lead before changing anything. [0.45]
I wrote a script that stops them each evening, <uh 0.28> and posts a summary to the team channel. [1.0]
Within a quarter the bill fell by forty percent, and nobody lost any work. [1.3]
Now every new machine gets an owner and an end date when it is created.
"""),
}
# A fourth held-out set, written in session 17: five more answers of the same kinds, other texts,
# rates, filler lengths, pauses and seeds, for a check no rule was read on. Scored only as totals,
# never read item by item (``--fourth``).
FOURTH_ANSWERS: dict[str, tuple[str, float, str]] = {
    "motivation": ("piper", 0.88, """
What keeps me going is the moment someone uses a thing I built and stops noticing it. [0.345]
My first job was at a call centre, answering questions about train tickets. [1.15]
The booking screen froze several times an hour, and callers waited while it restarted. [0.315] <um 0.255>
nobody upstairs seemed to know how often that happened. [1.85]
I started counting the freezes on a paper tally beside my keyboard. [0.44]
After a month I carried the tally to the support office, <uh 0.205> and they fixed the cause within a week. [0.66]
<uh 0.31> [0.365] <um 0.215> [0.305] <uh 0.43> [0.57]
The floor grew quieter after that, and the calls got shorter. [2.1]
That small win is why I studied software in the evenings, <um 0.36> [0.52]
and it is still what I look for in a role. [0.95] <uh 0.47> [0.42]
I want to sit close enough to the users to hear when a tool gets in <um 0.185> their way.
"""),
    "scope": ("piper", 1.03, """
Halfway through a project to rebuild a clinic's booking app, the client changed the brief. [0.385]
They had signed a deal with a chain of pharmacies and now wanted prescriptions in the app too. [1.35] <um 0.39> [0.46]
Our deadline stayed the same, and the team was already stretched. [0.325] <uh 0.235>
my first instinct was to promise everything and work through the weekends. [2.2]
Instead I mapped each new request against the original plan on a single page. [0.49]
<um 0.34> [0.355] <uh 0.175> [0.315] <um 0.54> [0.64]
It showed the client that prescriptions alone would take as long as <uh 0.225> the whole booking flow. [1.05]
We agreed to launch bookings on time and add prescriptions in a second release, <um 0.42> [0.72]
with a fixed price for the extra work. [0.395]
Both releases landed within a week of their dates. [1.6]
Since then I put any change in scope on paper before I agree to it.
"""),
    "explain": ("piper", 1.14, """
Once I had to explain to our board why the website would be offline for a whole night. [0.305]
None of them were technical, and the last engineer who tried had lost the room in minutes. [1.45]
I dropped the slides full of diagrams and brought a map of our town instead. [0.88] <uh 0.51> [0.375]
I compared the servers to a bridge that needed new supports, <um 0.195> and the night to a road closure. [0.68]
Everyone understood why the traffic had to stop for a while. [2.6]
Then one director asked what would happen if the work ran late. [0.335] <um 0.285>
I showed them the detour we had planned, a simple page telling visitors when to return. [0.78]
<uh 0.48> [0.325] <um 0.165> [0.355] <uh 0.31> [0.82]
They approved the plan in that meeting, <uh 0.4> [0.47]
and the work finished an hour ahead of schedule, before the first visitors arrived in the morning.
"""),
    "decision": ("piper", 1.26, """
During a flood at our warehouse, I had to decide where to send the next morning's deliveries. [0.395]
The usual manager was abroad, and the phone lines were down. [1.65] <um 0.45> [0.43]
I knew two other sites had space, but not how much. [0.315] <uh 0.265>
so I called the drivers, who had seen both yards that week. [1.9]
<um 0.59> [0.345] <uh 0.195> [0.385] <um 0.36> [0.66]
Their answers were rough, <uh 0.215> but they were enough to split the load. [0.92]
Every order went out, only two hours late. [2.05]
The next week we wrote a flood plan with every driver's number on its first page. [0.76]
I learned to trust the people closest to the problem, <um 0.34> [0.53]
and to decide once I knew enough, not everything.
"""),
    "gap": (synth.ESPEAK, 0.97, """
The gap in my work history is the year I spent caring for my father after his stroke. [0.56]
I was his main carer, so paid work had to stop. [1.05] <uh 0.53> [0.44]
I did keep learning, mostly through an online course on databases in the evenings. [0.335] <um 0.205>
by the spring I had built a small app to track his medicines and appointments. [1.8]
His nurses started using it for two other families, <uh 0.255> which surprised me. [0.74]
<um 0.42> [0.365] <uh 0.225> [0.305] <um 0.49> [0.63]
That year taught me patience, and how to plan around things I cannot control. [2.45]
He is living on his own again now, <uh 0.57> [0.52]
so I am ready to come back to full time work. [0.385]
I would bring that same calm, and the same care for the people who use my work, to your team.
"""),
}
# A fifth held-out set, written in session 18 to check its one change blind: five more answers
# of the same kinds, other texts, rates, filler lengths and pauses, scored only as totals
# (``--fifth``).
FIFTH_ANSWERS: dict[str, tuple[str, float, str]] = {
    "outage": ("piper", 0.93, """
The worst outage I handled took down card payments for a chain of bakeries on a Saturday. [0.42]
I was on call, and the first alert reached me at half past six in the morning. [1.25] <um 0.32> [0.47]
The logs showed the payment service timing out, <uh 0.225> but nothing in it had changed. [0.36]
So I looked at what had changed around it, and found a certificate that had expired at midnight. [1.7]
<uh 0.27> [0.33] <um 0.195> [0.41] <uh 0.38> [0.6]
Renewing it took ten minutes, <um 0.245> and the tills were working again before the shops opened. [0.85]
On Monday I added a check that warns us a month before any certificate runs out. [2.3]
We have not lost a morning to an expired certificate since, <uh 0.44> [0.49]
and the check has caught four of them.
"""),
    "critique": ("piper", 1.08, """
The hardest feedback I had was that my code reviews made people afraid to ask me questions. [0.37]
A junior colleague told our lead, and our lead told me over coffee, very kindly. [1.4] <uh 0.36> [0.45]
My first reaction was to defend every comment I had written. [0.3] <um 0.23>
then I read back through a month of my reviews with her words in mind. [1.95]
Most comments said what was wrong, <uh 0.19> and almost none said why. [0.72]
<um 0.41> [0.38] <uh 0.165> [0.34] <um 0.5> [0.58]
I started writing one line of reason for each request, and asking a question before I judged. [2.0]
Two months later the same colleague asked me to pair on her first big feature, <um 0.29> [0.5]
which meant more to me than any review I had written.
"""),
    "tradeoff": ("piper", 1.19, """
Last spring we had to choose between shipping a reporting feature on time and shipping it well. [0.33]
The sales team had promised it to three customers for the end of the month. [1.15] <um 0.47> [0.4]
Our tests covered the happy path, <uh 0.3> and not much else. [0.35]
I suggested we ship it to the three customers only, behind a switch, on the promised date. [1.8]
<uh 0.225> [0.36] <um 0.335> [0.31] <uh 0.52> [0.7]
They got their reports, <um 0.21> and we spent the next two weeks on the cases we had skipped. [0.9]
One of those cases would have sent wrong totals to every customer. [2.15]
Only then did we open it to everyone, <uh 0.35> [0.55]
and nobody has reported a wrong number since.
"""),
    "mentor": ("piper", 1.31, """
The person I am proudest of helping is an apprentice who joined our team straight from school. [0.4]
She was quick, but she would spend days stuck rather than ask for help. [1.5] <uh 0.25> [0.42]
I did not want to hand her answers, <um 0.175> so I set up a short call at the end of each day. [0.32]
We talked about where she was stuck, and I only asked questions. [1.85]
<um 0.3> [0.37] <uh 0.21> [0.3] <um 0.45> [0.66]
After a few weeks she was bringing her own answers to the call, <uh 0.33> and then she stopped needing it. [0.8]
A year later she was running the same calls for the next apprentice. [2.4]
I learned that the slow way of helping is often the fast way, <um 0.38> [0.5]
for both people.
"""),
    "relocate": (synth.ESPEAK, 1.02, """
I am moving to this city because my partner has taken a post at the university here. [0.5]
We spent a long time deciding, since I liked my team and my work. [1.1] <um 0.44> [0.39]
What made it easier was that your company builds tools for schools, <uh 0.2> which is what I do now. [0.34]
I have spent four years on software that teachers use to plan their lessons. [1.75]
<uh 0.46> [0.35] <um 0.25> [0.4] <uh 0.28> [0.62]
The move gives me the chance to work on the same problems, <um 0.31> closer to the people who have them. [2.2]
I can start at the beginning of next month, <uh 0.515> [0.47]
once the boxes are unpacked.
"""),
}
# A sixth held-out set, written in session 24 to check the end state blind: five more answers of
# the same kinds, other texts, rates, filler lengths and pauses, scored only as totals
# (``--sixth``).
SIXTH_ANSWERS: dict[str, tuple[str, float, str]] = {
    "conflict": ("piper", 0.96, """
Two senior engineers on my team disagreed about how to store our customers' settings. [0.39]
One wanted a new database, the other wanted to keep using the one we had. [1.35] <uh 0.31> [0.43]
The argument had stalled a release for two weeks, <um 0.27> and both of them had stopped listening. [0.34]
I asked each of them to write one page on the risks of the other's plan, not their own. [1.6]
<um 0.36> [0.29] <uh 0.2> [0.37] <um 0.43> [0.7]
Reading the pages side by side, the real worry was the same: losing data during the move. [0.8]
We kept the old database and added a nightly copy that we tested every Friday. [2.1]
The release shipped the next week, <uh 0.48> [0.46]
and the two of them now review each other's designs first.
"""),
    "sales": ("piper", 1.16, """
In my last role I supported the sales team as their only data analyst. [0.48]
They wanted a weekly report on which leads were most likely to buy. [1.2] <um 0.38> [0.5]
The first version ranked leads by the size of the company, <uh 0.24> which turned out to be useless. [0.31]
So I went through a year of closed deals and looked at what the winners had in common. [1.9]
<uh 0.3> [0.35] <um 0.22> [0.32] <uh 0.41> [0.64]
Leads who had asked for a demo within a week of signing up closed three times as often. [0.9]
We moved those to the top of the list, and the team's win rate rose by a fifth that year. [2.2]
I still check the ranking against real results every month, <um 0.33> [0.55]
because what predicts a sale keeps changing.
"""),
    "handover": ("piper", 1.34, """
When I left my previous team I had three weeks to hand over a system only I understood. [0.36]
I started by listing every task I did by hand, however small. [1.45] <uh 0.42> [0.4]
There were thirty one of them, <um 0.185> and nine had never been written down anywhere. [0.42]
I paired with the new owner on each one until she could do it without me. [1.75]
<um 0.28> [0.33] <uh 0.23> [0.3] <um 0.39> [0.58]
Where a task could be automated, we automated it together instead of writing it up. [0.95]
On my last day she ran the monthly close on her own while I watched. [2.5]
She has not needed to call me once, <uh 0.36> [0.5]
which is the best review a handover can get.
"""),
    "customer": ("piper", 0.89, """
A customer once emailed our chief executive to say our app had deleted her photos. [0.44]
I was asked to find out what happened before we replied. [1.1] <um 0.45> [0.41]
Her photos were not deleted, <uh 0.215> they were hidden by a sync setting our update had changed. [0.37]
I called her that afternoon and walked her through getting every photo back. [1.65]
<uh 0.26> [0.3] <um 0.31> [0.44] <uh 0.19> [0.62]
Then I checked how many other people had the same setting, and it was nearly two thousand. [0.85]
We sent each of them a short note with the same steps before any of them noticed. [2.3]
She wrote back to thank us, <um 0.5> [0.48]
and she still uses the app today.
"""),
    "contracts": (synth.ESPEAK, 0.94, """
The last new skill I learned for work was reading contracts. [0.47]
Our team had started buying software, and nobody checked the terms before signing. [1.25] <uh 0.37> [0.42]
I borrowed a guide from our legal team and read one real contract a week. [0.33] <um 0.25>
after two months I could spot the clauses that cost us money. [1.9]
<um 0.35> [0.31] <uh 0.18> [0.36] <um 0.46> [0.69]
I found one that renewed itself for three years unless we cancelled in writing. [2.35]
We cancelled it in time and saved about forty thousand pounds, <uh 0.29> [0.51]
and now I review every contract before it is signed.
"""),
}
_MARK = re.compile(r"(\[[\d.]+\]|<\w+ [\d.]+>)")


def steps(script: str) -> list[tuple]:
    """``script`` as ``synth.build``'s steps: ("say", text), ("pause", s), ("filler", kind, s)."""
    out: list[tuple] = []
    for token in (t.strip() for t in _MARK.split(script)):
        if token.startswith("["):
            out.append(("pause", float(token[1:-1])))
        elif token.startswith("<"):
            kind, seconds = token[1:-1].split()
            out.append(("filler", kind, float(seconds)))
        elif token:
            out.append(("say", " ".join(token.split())))
    return out


def _white(db: float):
    return lambda y, truth, rng: (y + white(len(y), db, rng), db)


def _pink(db: float):
    return lambda y, truth, rng: (y + pink(len(y), db, rng), db)


def _hum(db: float, mains_hz: float):
    return lambda y, truth, rng: (y + hum(len(y), db, mains_hz=mains_hz), db)


def _room(rt60_s: float, floor_db: float = -58.0):
    return lambda y, truth, rng: (reverberant(y, rng, rt60_s=rt60_s) + white(len(y), floor_db, rng), floor_db)


def _sounds(floor_db: float = -50.0):
    """Breaths and clicks in every other pause, a chair and typing in the rest, in one answer."""
    def add(y, truth, rng):
        y = breaths_and_clicks(y, truth.pauses[0::2], rng)
        y = room_sounds(y, truth.pauses[1::2], rng)
        return y + white(len(y), floor_db, rng), floor_db
    return add


# name -> (samples, truth, rng) -> (noisy samples, noise floor in dBFS or None)
CONDITIONS = {
    "clean": lambda y, truth, rng: (y, None),
    "white40": _white(-40.0),
    "pink30": _pink(-30.0),
    "hum60": _hum(-38.0, 60.0),
    "room03": _room(0.3),
    "room08": _room(0.8),
    "sounds": _sounds(),
}


# which set -> (its answers, the seed every draw of it comes from)
SETS = {"heldout": (ANSWERS, SEED), "dev": (DEV_ANSWERS, "dev"), "fresh": (FRESH_ANSWERS, "fresh"),
        "dev2": (DEV2_ANSWERS, "dev2"), "third": (THIRD_ANSWERS, "third"),
        "fourth": (FOURTH_ANSWERS, "fourth"), "fifth": (FIFTH_ANSWERS, "fifth"),
        "sixth": (SIXTH_ANSWERS, "sixth")}


def answer(name: str, *, which: str = "heldout", vary: bool = True) -> tuple[np.ndarray, synth.Truth]:
    """One answer of set ``which`` as said, with its truth; ``vary=False`` turns Piper's
    random variation off (the tests' renderings)."""
    answers, seed = SETS[which]
    voice, length_scale, script = answers[name]
    return synth.build(steps(script), seed=zlib.crc32(f"{seed}/{name}".encode()), voice=voice,
                       length_scale=length_scale, vary=vary)


def render(name: str, out: Path, conditions=tuple(CONDITIONS), *, which: str = "heldout",
           vary: bool = True, said: tuple[np.ndarray, synth.Truth] | None = None) -> list[Path]:
    """``NAME_CONDITION.wav`` and its truth in ``out`` for each condition, each from its own
    seed; ``said``: the answer as ``answer`` gives it, if already at hand."""
    y0, truth = said or answer(name, which=which, vary=vary)
    written = []
    for cond in conditions:
        rng = np.random.default_rng(zlib.crc32(f"{SETS[which][1]}/{name}/{cond}".encode()))
        y, noise_db = CONDITIONS[cond](y0.astype(np.float64), truth, rng)
        path = out / f"{name}_{cond}.wav"
        synth.write(path, np.clip(y, -1, 1).astype(np.float32), dataclasses.replace(truth, noise_db=noise_db))
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/heldout"))
    ap.add_argument("--dev", action="store_true", help="the development set (DEV_ANSWERS) instead")
    ap.add_argument("--fresh", action="store_true", help="the second held-out set (FRESH_ANSWERS) instead")
    ap.add_argument("--dev2", action="store_true", help="the second development set (DEV2_ANSWERS) instead")
    ap.add_argument("--third", action="store_true",
                    help="the third held-out set (THIRD_ANSWERS, session 15): new texts, "
                         "for a check no rule was read on")
    ap.add_argument("--fourth", action="store_true",
                    help="the fourth held-out set (FOURTH_ANSWERS, session 17): new texts, "
                         "for a check no rule was read on")
    ap.add_argument("--fifth", action="store_true",
                    help="the fifth held-out set (FIFTH_ANSWERS, session 18): new texts, "
                         "for a check no rule was read on")
    ap.add_argument("--sixth", action="store_true",
                    help="the sixth held-out set (SIXTH_ANSWERS, session 24): new texts, "
                         "for a check no rule was read on")
    ap.add_argument("--answers", nargs="+", choices=[name for answers, _ in SETS.values() for name in answers])
    ap.add_argument("--only", nargs="+", choices=list(CONDITIONS), default=list(CONDITIONS),
                    help="conditions to render")
    args = ap.parse_args()
    which = next((name for name in SETS if name != "heldout" and getattr(args, name)), "heldout")
    for name in args.answers or list(SETS[which][0]):
        paths = render(name, args.out, args.only, which=which)
        t = synth.Truth(**json.loads(paths[0].with_suffix(".truth.json").read_text()))
        print(f"{name}: {t.duration_s:.1f} s, {t.word_count} words, {len(t.pauses)} pauses "
              f"({sum(b - a >= 0.3 for a, b in t.pauses)} >= 0.3 s), {len(t.fillers)} fillers, {t.voice}")


if __name__ == "__main__":
    main()

"""Wording cues: the patterns in a question that decide how it is answered ("how many",
"why", "which standards were rated Good", "when will ..."), and in a sentence that show what
it states (a date, a sum of money, a person's name, a finding's direction).

Only wording lives here; what the cues lead to is decided in `assistant.py`.
"""

from __future__ import annotations

import re

from .signatories import ROLE_WORDS
from .text import STOPWORDS, tokens

# "Norfolk got 73% on reviews ...": a share the question states, as its premise.
STATED_SHARE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|per ?cent\b)", re.IGNORECASE)
# "Norfolk was rated Inadequate, but did the inspectors see anything hopeful?": a rating the
# question states as its premise, before what it asks.
RATING_PREMISE = re.compile(r"^[^?]*?\b(?:(?:was|were|is|are|got|been|being) rated (?:as )?|got (?:an? )?|"
                            r"received (?:an? )?|came out (?:as )?)['‘\"]?(?:outstanding|good|requires? improvement|"
                            r"inadequate)\b['’\"]?[^?,;]*[,;]\s*(?:but|so|yet|and)\b", re.IGNORECASE)
COUNT = re.compile(r"\bhow many\b|\bnumber of\b", re.IGNORECASE)
# "Where was the CRC's hub based?": a sentence that places something ("The hub was based in Norwich").
WHERE_ASKED = re.compile(r"(?:^|,)\s*(?:and |so )?where (?:is|was|were|are|did|does|do)\b", re.IGNORECASE)
PLACE_GIVEN = re.compile(r"\b(?:based|located|situated|sited|housed|held|run) (?:in|at|from)\s+(?:the\s+)?[A-Z]")
# A sentence that gives something's name as such ("it became the Norfolk & Suffolk 180 Scheme").
NAME_GIVEN = re.compile(r"\b(?:called|named|known as|renamed|became the|is the|was the) [A-Z0-9]")
# "Which PDU has more people out on licence?": a count on each side of a comparison.
MORE_COUNTED = re.compile(r"\b(?:has|have|had) (?:more|fewer)\b", re.IGNORECASE)
WHY = re.compile(r"^\s*(?:so |and )?why\b|\breasons?\b|\bexplain\b|\bwhat (?:went wrong|held back)\b", re.IGNORECASE)
# "progress on the old Essex North recommendation": earlier inspections' recommendations, which a
# report follows up in prose or a table, not its own numbered list.
EARLIER_RECOMMENDATION = re.compile(r"\b(?:previous|earlier|old|older|last|past|progress|headway|followed up|"
                                     r"follow-up|implemented|acted on)\b", re.IGNORECASE)
LEVEL_WORDS = set(tokens("crc nps pdu region regional trust overall grade grades graded rate rates "
                          "quality impact community rehabilitation company national outstanding good "
                          "inadequate requires improvement"))
RATING_STEMS = set(tokens("outstanding good inadequate requires improvement rated"))
OVERVIEW = re.compile(r"^\s*(?:tell me about|give me an overview|(?:give me |what is |what's )?(?:a |the )?"
                       r"(?:overview|summary|gist) of|summari[sz]e|sum up)\b|\b(?:key|main|headline) findings\b|"
                       r"\bwhat did (?:the )?(?:\w+ ){0,4}(?:inspection|inspectors|report) (?:find|conclude|say)\s*\??$",
                       re.IGNORECASE)
# "What was the overall verdict on ...?", "Sum up the 2017 inspection": the report's judgement as a whole.
VERDICT_ASKED = re.compile(r"\b(?:verdict|conclu\w*|bottom[- ]line|sum(?:med|ming)? up|summar\w*|gist|headlines?|"
                           r"overall (?:judgements?|view|picture|assessment|findings?|message|impression)|"
                           r"(?:main|key) (?:findings|messages?|conclusions?)|overview|tell me about)\b",
                           re.IGNORECASE)
# How short an answer should be, which names no topic ("in a sentence or two", "briefly").
BRIEFLY = re.compile(r"\bin (?:a|one|two) (?:sentences?|lines?|nutshell|few words)(?: or (?:two|three))?\b|"
                     r"\b(?:briefly|quickly|in brief|for me)\b", re.IGNORECASE)
# Who gives a report's judgement, which names no topic ("the Chief Inspector's verdict").
WHO_JUDGES = re.compile(r"\b(?:(?:HM )?Chief Inspector(?: of Probation)?|inspectors?|inspectorate|report)(?:'s|s')?",
                        re.IGNORECASE)
# Concepts that key questions measure ("keeping other people safe"): a comparison naming one wants
# the key-question figure, not the standard's rating.
KEY_QUESTION_CONCEPTS = {"safety", "desistance", "engagement"}
FIGURE_CUE = re.compile(r"\b(?:percentage|per ?cent|proportion|share|how many|how much|number|how often|figure|"
                         r"score[sd]?|cases)\b|%", re.IGNORECASE)
# A question about money needs a sum of money in the answer, not any number.
MONEY_ASKED = re.compile(r"\b(?:spend|spends|spent|spending) (?:on|a year|per year|annually)\b|"
                          r"\b(?:budget|cost|costs|costing|funding|salary|salaries|money|pounds)\b|£|"
                          r"\bhow much\b[^?]*\b(?:pay|pays|paying|paid|charge[sd]?|charging|worth)\b", re.IGNORECASE)
MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s*(?:pounds|million|bn|billion|k)\b", re.IGNORECASE)
# Concepts that are themselves the measure a figure question asks for ("the reoffending rate").
MEASURE_CONCEPTS = {"safety", "desistance", "engagement", "turnover"}
CONCEPT_FILLER = set(tokens("people other keeping the of on by probation person public change"))
# A question asking for the name of a thing: a scheme, a service's provider, a centre.
THING_NAMED = re.compile(r"\bwhat (?:is|was|were|are) (?:the |this |that |its |their )?[\w' -]{0,60}\bcalled\b|"
                          r"^\s*who (?:runs|ran|provides|provided|delivers|delivered|owns|owned|operates|operated|"
                          r"manages|managed|funds|funded)\b|"
                          # "Who do we use for women's services?", "Who did the CRC commission ...?"
                          r"^\s*who (?:do|does|did) (?:we|they|you|it|the [\w&' -]{1,30}?) (?:use|commission|contract|"
                          r"work with|partner with)\b|\bthe same (?:organisation|provider|charity|company|agency|partner)\b|"
                          r"\bwhich (?:organisation|provider|charity|company|agency|"
                          r"(?:police )?force|constabulary|council|trust|body|scheme|programme)\b",
                          re.IGNORECASE)
OUTCOME_RATE = re.compile(r"\b(?:re-?offending|reconviction|attrition|sickness|absence|turnover|vacancy|"
                           r"completion|employment|unemployment|recall|breach|conviction) rates?\b|"
                           r"(?<!\bto )\b(?:cut|cuts|reduce[sd]?|lower(?:ed)?|increase[sd]?)\s+(?:re-?offending|crime)\b|"
                           # "what proportion of unpaid work requirements were completed successfully"
                           r"\b(?:completed|finished) successfully\b|\bsuccessfully (?:completed|finished)\b",
                           re.IGNORECASE)
# "How many sentence plans / cases ...": a share of the inspected sample may answer it.
# "How many victim cases did the inspectors look at / was that based on?": the size of the
# inspected sample, a count the methodology gives, not a share of cases.
SAMPLE_SIZE = re.compile(r"\bhow many (?!of\b)(?:[\w-]+ ){0,3}?(?:cases|people|interviews|reports|practitioners) "
                         r"(?:did|do|were|was|have|had|has|is|are) (?:[\w-]+ ){0,2}?(?:inspect\w*|review\w*|"
                         r"look(?:ed)? (?:at|through)|examin\w*|sampl\w*|check\w*|base[sd]?|go(?:ne)? through|"
                         r"interview\w*)\b", re.IGNORECASE)
SHARE_OF_SAMPLE = re.compile(r"\bhow many (?:of (?:the|their) )?(?:\w+ )?(?P<sample>cases|plans|assessments|reviews|"
                              r"reports|orders|licences|respondents)\b"
                              # "how many of the facilitators ... are in post": a share of a group
                              r"|\bhow many of (?:the|their|those|these|its) (?:[\w'-]+ ){0,4}?[\w-]+s\b", re.IGNORECASE)
PER_HEAD = re.compile(r"\b(?:each|per|average|on average|apiece)\b", re.IGNORECASE)  # "cases per officer": a count
SHARE_GIVEN = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent)|\b\d+\s+(?:out\s+)?of\s+(?:the\s+)?\d+\b|"
                         r"\b(?:half|third|thirds|quarter|quarters|fifth|fifths|majority|minority)\b", re.IGNORECASE)
PERCENT_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent)", re.IGNORECASE)
# "What percentage ...?": a percentage, a count out of a total or an exact fraction; "most" or
# "few" gives no percentage.
PERCENTAGE_ASKED = re.compile(r"\bpercentage\b|\bper ?cent\b|%", re.IGNORECASE)
EXACT_SHARE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent)|\b\d+\s+(?:out\s+)?of\s+(?:the\s+)?\d+\b|"
                         r"\b(?:half|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)\b", re.IGNORECASE)
FUTURE = re.compile(r"(?:^|,)\s*(?:when|what|how|will|is|are)\b[^?]*\b(?:will|going to|next|planned)\b", re.IGNORECASE)
FUTURE_SENTENCE = re.compile(r"\b(?:will|next|planned|plans?|intend\w*|due to|going to|follow-up|expected|anticipated|"
                             r"(?:was|were) to be|"
                             r"would (?:be|continue|replace|move|transfer|start|begin|close|end))\b",
                             re.IGNORECASE)
IN_HOW_MANY = re.compile(r"\b(?:in|of) how many\b", re.IGNORECASE)
PERCENT = re.compile(r"percent|per cent|%|proportion|share|how often|what fraction", re.IGNORECASE)
WHEN = re.compile(r"^\s*when\b|\bwhat (?:period|dates?|time)\b|\bover what\b|\bhow long\b|\bwhich (?:month|year|dates?)\b",
                   re.IGNORECASE)
# "What proportion of Norfolk's caseload are women?": the make-up of a population (group
# "population") by a trait (group "trait"), which only a sentence stating that share answers.
COMPOSITION = re.compile(r"\b(?:proportion|percentage|share|per ?cent|fraction) of (?:[\w'-]+ ){0,3}?(?P<population>caseload|cases|staff|workforce|employees|population|practitioners|"
                         # "the people Suffolk PDU supervises": its caseload
                         r"people on probation|people(?= (?:[\w']+ ){0,3}?(?:supervises|supervised|manages|managed|works with)\b))"
                         # (not "the cases looked at": a share of the inspected sample, judged)
                         r"\b(?! (?:that |which |they |the inspectors |inspectors )?(?:looked|inspected|reviewed|examined|"
                         r"sampled|checked|read)\b)"
                         r"(?: \w+){0,3}? (?:are|is|were|was|who are|who were) (?P<trait>[^?]+)", re.IGNORECASE)
# "How many people on probation in Norfolk are women?": the same, counted.
COMPOSITION_COUNT = re.compile(r"\bhow many (?P<population>people on probation|staff|employees|practitioners)\b"
                               r"(?: [\w&]+){0,4}? (?:are|were) (?P<trait>[^?]+)", re.IGNORECASE)
# The words a report may use for the population a composition question names.
POPULATION_WORDS = {"staff": "staff, workforce, employees, employs", "workforce": "staff, workforce, employees, employs",
                    "employees": "staff, workforce, employees, employs", "caseload": "caseload, people on probation",
                    "people on probation": "caseload, people on probation", "population": "population",
                    "cases": "caseload, people on probation, cases", "practitioners": "practitioners",
                    "people": "caseload, people on probation"}
# A question asking for a date or a length of time, not a clause ("When assessing people, ...").
WHEN_ASKED = re.compile(r"^\s*(?:and |so )?when (?:did|does|do|will|was|were|is|are|has|had|can|would|should)\b|"
                        r"\bhow long\b|\b(?:what|which) (?:date|month|year)\b|\bon what date\b", re.IGNORECASE)
# "When did X start / join / begin?": the beginning of something, which a sentence states as such.
STARTED_ASKED = re.compile(r"\b(?:start(?:ed|s)?|began|begin|begun|join(?:ed)?|appointed|set up|launch(?:ed)?|"
                           r"introduc(?:e|ed)|establish(?:ed)?|open(?:ed)?|commenc(?:e|ed)|come in|came in)\b",
                           re.IGNORECASE)
STARTED_SAID = re.compile(r"\b(?:start\w*|began|begun|begin\w*|join\w*|appoint\w*|since|from|launch\w*|"
                          r"introduc\w*|establish\w*|set up|commenc\w*|open\w*|went live|go(?:ne)? live|"
                          r"formed|formation|created|in post|took up|new)\b", re.IGNORECASE)
DURATION = re.compile(r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                      r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|several|many|"
                      r"few|a few|some)(?:\s+|-)(?:more\s+)?(?:days?|weeks?|months?|years?)\b|\bfortnight\b", re.IGNORECASE)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS})\b|\b(?:{MONTHS}) (?:\d{{1,2}}, )?(?:19|20)\d\d\b")
# "Which standards were rated Good?", "Which parts ended up at the bottom grade?": group 2 is a
# rating, or a place on the scale ("top grade") or among the report's own ratings ("lowest rating").
# A sentence that gives a time: a date, a month and year, or a year.
TIME_GIVEN = re.compile(rf"{DATE.pattern}|\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b")
# "funded until March 2025", "in post since 2021": a length of time given by its end or start.
TIME_BOUND = re.compile(rf"\b(?:until|till|since|from|between|by)\s+(?:\w+\s+){{0,2}}?(?:{DATE.pattern}|"
                        rf"\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b)")
WHICH_RATED = re.compile(r"\b(which|how many|what)\b[^?]*?\b(?:standards?|areas?|parts?|aspects?|elements?)\b.*?"
                         r"\b(outstanding|good|requires? improvement|inadequate|"
                         r"(?:top|highest|best|bottom|lowest|worst) (?:grade|rating|mark))\b", re.IGNORECASE)
# "... on any of its standards?", "ratings across all standards": every standard's rating.
STANDARD_WORD = r"(?:standards?|(?:areas?|aspects?|parts?) of (?:[\w'&-]+ ){0,6}?(?:work|inspection))"
ALL_STANDARDS = re.compile(rf"\b(?:any|all|each|every) (?:of )?(?:its |the |their )?(?:[\w'’-]+ ){{0,3}}standards\b|"
                           r"\bany (?:outstanding|good|inadequate|requires? improvement) (?:ratings?|grades?)\b|"
                           r"\b(?:best|worst|highest|lowest|top|bottom)[- ]rated (?:areas?|parts?|standards?|aspects?)\b|"
                           r"\b(?:best|worst|weakest|strongest|poorest) (?:areas?|parts?|standards?|aspects?)\b|"
                           r"\bwhere did\b[^?]*\b(?:score|do|perform|rate)\w*\b[^?]*\b(?:best|worst|highest|lowest)\b|"
                           r"\b(?:outstanding|good|inadequate|requires? improvement)'?\s+(?:for|on|in) (?:anything|any)\b|"
                           rf"\b{STANDARD_WORD}\b.*\b(?:best|worst|better|worse|highest|lowest)\b|"
                           rf"\b(?:best|worst|better|worse|highest|lowest)\b.*\b{STANDARD_WORD}\b", re.IGNORECASE)
# "Was leadership graded differently from the delivery work?": a named standard against the rest.
AGAINST_THE_REST = re.compile(r"\b(?:differently|different from|compared? (?:with|to)|compare|unlike|the rest|"
                              r"the others?|other standards|everything else)\b", re.IGNORECASE)
# "Did Suffolk get the top grade for any of its standards?": the rating a yes/no question names.
TOP_GRADE = re.compile(r"\b(?:top|highest|best) (?:grade|rating|mark)\b", re.IGNORECASE)
BOTTOM_GRADE = re.compile(r"\b(?:bottom|lowest|worst) (?:grade|rating|mark)\b", re.IGNORECASE)
# "Which came out worst overall?": how a report did, in ratings.
CAME_OUT = re.compile(r"\b(?:came|come|comes|coming) out\b|\bfared\b|\bperformed\b|\bdid (?:best|worst)\b|"
                      r"\b(?:best|worst)[- ]rated\b", re.IGNORECASE)
# Words that rank or sweep across reports without naming a topic.
RANKING_WORDS = set(tokens("best worst better worse highest lowest top bottom strongest weakest poorest came come "
                           "out fared performed anything anywhere across actually inspections inspection reports "
                           "report all standard standards any", drop_stopwords=False))
# "Which standards did both PDUs get Inadequate for?": what the reports have in common.
IN_COMMON = re.compile(r"\bboth\b|\bin common\b|\beach of them\b|\ball of them\b|\bshared?\b", re.IGNORECASE)
# "What did the report recommend?", "What did it ask HMPPS to do about recruitment?"
RECOMMENDED = re.compile(r"\brecommend\w*|\bwhat (?:[\w-]+ ){0,2}?(?:did|does) (?:it|they|the (?:[\w'’ ]{1,30} )?(?:report|inspection|inspectors?|inspectorate)) "
                         r"(?:ask|want|tell|urge|call on)\b|\bwhat should\b[^?]* do\b", re.IGNORECASE)
# "What number score did they get?": a score itself, not a rating.
SCORE_ASKED = re.compile(r"\bscore\b|\bscored\b|\bpoints?\b|\bmarks? out of\b", re.IGNORECASE)
# "Which PDU had the highest sickness?": one of several units or places, by name.
WHICH_UNIT = re.compile(r"\bwhich (?:of (?:the|its|their) )?(?:(?:two|three|four|[A-Z][\w&]*|of) ){0,4}?"
                        r"(?:pdus?|PDUs?|offices?|prisons?|teams?|counties|county|"
                        r"local authorit(?:y|ies)|towns?|cities|city)\b", re.IGNORECASE)
# "What grade did they give for ...?": the grade itself is asked for, not how the work went.
WHAT_GRADE = re.compile(r"\b(?:what|which) (?:grade|rating|mark)\b|\bwhat (?:was|is|were) (?:the |its |their )?"
                        r"(?:[\w'-]+ ){0,3}(?:grade|rating)s?\b", re.IGNORECASE)
_RATING_NAMED = re.compile(r"\b(outstanding|good|requires? improvement|inadequate)\b", re.IGNORECASE)
# A rating named as such: "Inadequate", "requires improvement" in any case, "Good" capitalised
# ("good enough" is no rating).
RATING_AS_SUCH = re.compile(r"(?i:\b(?:inadequate|outstanding|requires improvement)\b)|\bGood\b")
# "..., is that right?", "Is it true that ...": a claim put to be checked.
CHECKED = re.compile(r"\b(?:is|was) (?:that|this|it|he|she|they) (?:right|true|correct)\b|\bis it true\b|"
                     r"\b(?:am i|are they|is (?:he|she)) right\b", re.IGNORECASE)
YES_NO_QUESTION = re.compile(r"^\s*(?:did|was|were|has|had|is|are|does|do)\b", re.IGNORECASE)
KEY_QUESTION_RANK = re.compile(r"\bkey questions?\b.*\b(lowest|highest|worst|best|weakest|strongest|rank)|"
                               # "Of all the casework questions, which one came out lowest?"
                               r"\bquestions\b[^?]*\b(?:lowest|highest|worst|best|weakest|strongest|better|worse)\b|"
                               # "Victim work came out Outstanding - what was the lowest score behind it?"
                               r"\b(?:lowest|highest|worst|best|weakest|strongest) (?:scores?|marks?|percentages?)\b|"
                               # "Was that the weakest of all Norfolk's casework scores?"
                               r"\b(?:lowest|highest|worst|best|weakest|strongest) of (?:all )?(?:[\w'’-]+ ){0,3}?"
                               r"(?:scores|percentages)\b|"
                               # "Which of the desistance questions did the region do best on?"
                               r"\bwhich of (?:the|its) (?:[\w-]+ ){0,3}?questions\b|"
                               # "which of the four unpaid work checks set that grade?"
                               r"\bwhich of (?:the|its) (?:two|three|four|five|\d) (?:[\w-]+ ){0,3}?(?:key )?"
                               r"(?:questions|checks|measures|scores)\b",
                               re.IGNORECASE)
# The best of several asked for, not the worst ("which did the region do best on?").
BEST_ASKED = re.compile(r"\b(?:best|highest|strongest|top|better)\b", re.IGNORECASE)
# "the four casework standards": the case supervision standards (numbered 2.x), not leadership,
# staffing or services.
CASEWORK = re.compile(r"\bcase ?work\b|\bcase supervision\b|\bcase management\b", re.IGNORECASE)
RATED = re.compile(r"\brat(?:ed|ing)\b", re.IGNORECASE)
GRADE_WORD = re.compile(r"\b(?:rat(?:ing|ed)s?|rate|grade[sd]?|scored?|outstanding|good|inadequate|"
                         r"requires? improvement)\b", re.IGNORECASE)
NEGATED_WHY = re.compile(r"\bwhy\b.*(?:n't|\bnot\b|\bso (?:few|low|poor)|\bpoor)|\bheld back\b|\bhold(?:ing)? back\b",
                         re.IGNORECASE)
# "What is the name of the head of service?": only a sentence that names someone answers.
NAME_ASKED = re.compile(r"\bwhat(?: is| was|'s) (?:the )?names? of\b|^\s*who (?:is|was|are|were) in charge of\b|\bwho (?:is|was) .* called\b|"
                         r"^\s*who (?:is|was|were) (?:the )?(?:hm )?(?:[\w'’]+ ){0,3}?(?:inspector|director|head|chief|"
                         r"manager|officer|lead|chair|executive)\b", re.IGNORECASE)
# "What did the inspectors recommend about the Kings Lynn office?": recommendations on a subject.
RECOMMENDED_ABOUT = re.compile(r"\brecommend\w*\b[^?]*?\b(?:about|regarding|concerning|on the subject of|"
                               r"in relation to|to do with)\s+(?!(?:it|that|this|them|those|these)\b)(?P<topic>[^?,;]+)",
                               re.IGNORECASE)  # (not "about it": what a follow-up refers back to)
# "Which standard was that?", "Which area had a key question at 75%?"
WHICH_STANDARD = re.compile(r"\bwhich (?:of (?:[\w'’]+ ){1,2})?(?:standards?|areas?|parts?|aspects?)\b",
                            re.IGNORECASE)
# "How often did the forums meet?" and a sentence giving how often ("reviewed quarterly").
HOW_OFTEN = re.compile(r"\bhow often (?:did|does|do|was|were|is|are|had|has|have|would|will)\b", re.IGNORECASE)
FREQUENCY = re.compile(r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|bi-?monthly|bi-?annually|"
                       r"every (?:\w+ )?(?:day|week|fortnight|month|quarter|year|weeks|months|years)|"
                       r"(?:once|twice|\w+ times) (?:a|per|each) (?:day|week|fortnight|month|quarter|year))\b",
                       re.IGNORECASE)
# "In the sample of 46 cases, how many were women?": the trait counted, which the answer must name.
HOW_MANY_WERE = re.compile(r"\bhow many (?:of (?:them|those|these) )?(?:were|are|was|is) "
                           # (a trait, not how well: "handled well on risk of harm")
                           r"(?!(?:people|cases|individuals|there|in|on|at|the|a|an)\b)"
                           r"(?P<trait>[a-z][\w-]+)\b(?!\s+(?:well|badly|poorly|properly|enough|sufficiently|"
                           r"appropriately|effectively))[^,;]*\?",
                           re.IGNORECASE)
# Roles a person is asked for by ("Who was the chief executive ...?").
# (a signatory's role words, less those a report's own staff or inspectors carry)
PERSON_ROLES = ROLE_WORDS - set(tokens("inspector lead officer"))
# "Which judge told the inspectors ...?": one person, by a name given with that role.
WHICH_PERSON = re.compile(r"^\s*which (?:[\w'’]+ )?(?P<role>judge|magistrate|inspector|director|manager|officer|"
                          r"person|chair|leader)\b(?! (?:was|were) (?:rated|judged|graded|scored))", re.IGNORECASE)
NAME_PAIR = re.compile(r"\b(?=([A-Z][a-z]+) ([A-Z][a-z]{2,})\b)")  # overlapping: "Inspector Justin Russell"
TITLE_WORDS = set("""Chief Inspector Inspectors Inspectorate Probation Service Services Delivery Unit Senior Officer
Officers Head Deputy Justice Trust Council Partnership Board Court Courts Crown Prison Police Community Rehabilitation
Company Integrated Offender Management National Regional Region Director Manager Team Mental Health Treatment
Requirements Local Safeguarding Children Victim Contact Scheme Quality Impact Approved Premises County Borough
District City East West North South Mid Great Upper Lower New Old Saint Area Executive Assistant Associate Governor
Commissioner Minister Secretary Member Members Lead Leads Group""".split())

STRENGTHS = re.compile(r"\bstrengths?\b|\bwent well\b|\bdo(?:ne|ing)? well\b|\bpositive|\bprais|\bcommend|"
                       r"\bimpress", re.IGNORECASE)
WEAKNESSES = re.compile(r"\bweakness|\bconcern|\bwrong\b|\bimprove|\bdown\b|\bproblem|\bfail|\bissues?\b|"
                         r"\bshortcoming|\bworr|\bweak(?:est|er)?\b|\bpoor(?:est|ly)?\b|\bworst\b|"
                         r"\b(?:fell|falls?|falling) short\b|\blet down\b|\bgaps?\b", re.IGNORECASE)
FINDINGS_HEADING = re.compile(r"^(Strengths|Areas for improvement)\s*:?\s*$", re.IGNORECASE)
# Words that carry a finding's direction, to pick the sentences explaining a low or high rating.
CRITICAL = set(tokens("concern concerned concerning poor insufficient not failed fail failing lack lacking uneasy "
                       "inadequate weak weakness problem problems serious broken unacceptable too few delays "
                       "shortage shortages vacancies deficiencies worrying disappointing only too limited "
                       "fewer low below", drop_stopwords=False))  # "not", "only", "too few" are stopwords elsewhere
APPRECIATIVE = set(tokens("good strong effective well excellent positive pleased outstanding improved "
                           "impressive commend accurate accurately majority hopeful", drop_stopwords=False))
# "How good was ...?", "What did the inspectors make of ...?": a judgement, in either direction.
JUDGEMENT_ASKED = re.compile(r"\bhow (?:good|well|effective|useful|helpful)\b|\b(?:make|made|think|thought) of\b|"
                             r"\bverdict\b|\bopinion\b|\bimpressions?\b|\b(?:happy|satisfied|content|comfortable) "
                             r"(?:with|about)\b", re.IGNORECASE)
REASON_WORDS = set(tokens("reason reasons main behind rating rated why dragged pulled down explain what"))
# "What did the inspection say about its services for women?": the topic, its last word the thing.
SAID_ABOUT = re.compile(r"\b(?:say|said|says|find|found|think|thought|write|wrote|conclude|make) (?:about|of|on) "
                        r"(?:its |their |the |his |her |any )?(?P<topic>[^?.,;]+)", re.IGNORECASE)
# "compared with the national average", "nationally": the country as a whole, set against a report.
NATIONAL = re.compile(r"\bnational(?:ly)? (?:[\w-]+ )?(?:average|figures?|picture|rates?|level)\b|\b(?:compared? (?:with|to) |than |against )"
                      r"(?:the rest of )?(?:the country|england and wales|england|nationally)\b|"
                      r"\b(?:across|in) (?:england and wales|the country as a whole)\b", re.IGNORECASE)
NATIONAL_SENTENCE = re.compile(r"\bnational(?:ly)? (?:average|figures?|rates?|performance)\b|"
                               r"\b(?:england and wales) (?:average|figures?|as a whole)\b|\bnationally\b|"
                               r"\b(?:in|across) england and wales\b", re.IGNORECASE)
# A figure about somewhere wider than the report's own area ("varied from 30.2% to 36.4%
# between regions", "nationally").
WIDER_SCOPE = re.compile(r"\b(?:between|across|among) (?:all )?(?:the )?(?:regions|areas|CRCs|PDUs)\b|\bnationally\b|"
                         r"\bdivision\b|"
                         r"\bnational (?:average|figures?|rates?|performance)\b", re.IGNORECASE)
# "How big is the population?", "How many staff?": a size, which a share in passing does not measure.
SIZE_ASKED = re.compile(r"\bpopulation\b|\bhow (?:big|large|many)\b|\bnumbers? of\b|\bsize\b|\b(?:bigger|larger|"
                        r"smaller)\b|\b(?:more|fewer) (?:people|staff|cases|offenders|practitioners)\b", re.IGNORECASE)
# "Did X get a better grade than Y?", "Was X rated the same as Y?": two things set against each other.
SET_AGAINST = re.compile(r"\b(?:better|worse|higher|lower|same|different|than|versus|vs\.?|compared?)\b", re.IGNORECASE)
# "... is Suffolk any worse than the East of England overall?": a place taken as a whole, not
# its overall rating (said after a topic the question names).
WHOLE_PLACE = re.compile(r"\b(?:region|area|county|country|[A-Z][a-z]+)\s+(?:overall|as a whole)\b")
HMP = re.compile(r"\b(HMP|HM Prison)\s+[A-Z]\w+|\bprison inspection\b", re.IGNORECASE)


def leaning(sentences: set[str], towards: set[str]) -> set[str]:
    """The sentences, less those that lean only the other way (praise when asked about a low
    rating, criticism when asked about strengths)."""
    against = APPRECIATIVE if towards is CRITICAL else CRITICAL
    kept = set()
    for sentence in sentences:
        words = set(tokens(sentence, drop_stopwords=False))
        if not (words & against and not words & towards):
            kept.add(sentence)
    return kept


LEVEL_NAMES = {"PDU", "PDUs", "CRC", "CRCs", "NPS", "HMPPS", "Region", "Regional"}
MONTH_NAMES = set(MONTHS.split("|"))
# "What was the average caseload?": the kind of figure asked, which a maximum ("up to 106") is not.
AVERAGE_ASKED = re.compile(r"\baverage\b", re.IGNORECASE)
# (not "higher than the regional average": a comparison with an average gives none)
AVERAGE_GIVEN = re.compile(r"(?<!than the regional )(?<!than the national )(?<!than the )\baverages?\b|\bmean\b|"
                           r"\bmedian\b|\btypical\b", re.IGNORECASE)


def proper_names(question: str, places: set[str]) -> list[str]:
    """Names a question uses for a particular thing ("Lowestoft", "Ormiston Families", "PSOs"):
    capitalised words other than a sentence's first, not a place a report covers, a level
    ("PDU"), a title word or a month. Runs of capitalised words count as one name."""
    names = []
    for m in re.finditer(r"(?<!^)(?<![.!?]\s)\b([A-Z][\w&-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w&-]*)*)", question):
        words = [w for w in re.findall(r"[A-Za-z]+", m.group(1))
                 if w not in TITLE_WORDS and w not in LEVEL_NAMES and w not in MONTH_NAMES and w.lower() not in STOPWORDS
                 and w.lower() not in places and not w.isdigit() and len(w) > 1]  # ("Q&I": no name)
        if words and not any(w.lower() in p.split() for p in places for w in words):
            names.append(" ".join(words))
    return names


def new_name(sentence: str, question: str) -> bool:
    """Whether `sentence` names something (a capitalised name other than its first word, e.g.
    "St Giles Wise Group", "180 Scheme") that the question does not already name."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
    for m in re.finditer(r"(?<!^)(?<![.!?]\s)\b((?:\d+\s)?[A-Z][a-z]+(?:\s+(?:&\s+)?[A-Z][a-z]+)*)", sentence):
        words = [w for w in re.findall(r"[A-Za-z]+", m.group(1))]
        if any(w.lower() not in asked and w not in TITLE_WORDS and w.lower() not in STOPWORDS for w in words):
            return True
    return False


def names_someone(sentence: str, places: set[str] = frozenset()) -> bool:
    """Whether a sentence names a person (a title such as "Chief Inspector" or a place such as
    "West Suffolk" is not a name). `places`: lower-case place words to rule out."""
    if re.search(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.? [A-Z][a-z]+", sentence):
        return True
    for m in NAME_PAIR.finditer(sentence):
        first, second = m.group(1), m.group(2)
        after = re.match(r"\s+([A-Z][a-z]+)", sentence[m.start() + len(first) + 1 + len(second):])
        if after and after.group(1) in TITLE_WORDS:
            continue  # "a new Area Executive Director": a title
        before = re.search(r"\b([A-Z][a-z]+)\s+$", sentence[:m.start()])
        if after or before and before.group(1) not in TITLE_WORDS:
            # "the Military Corrective Training Centre": part of a longer name, an organisation's
            # ("Chief Inspector Justin Russell" is a title, then a name)
            continue
        if re.search(r"\b(?:in|at|from|to|near|around|across|of)\s+$", sentence[:m.start()]):
            continue  # "practitioners in Kings Lynn": a place
        if not ({first, second} & TITLE_WORDS) and first.lower() not in STOPWORDS \
                and not {first.lower(), second.lower()} & places:
            return True
    return False


def asked_rating(question: str) -> str | None:
    """The rating a question names, as written ("Good"), or a place on the scale ("the top
    grade": Outstanding, "the bottom grade": Inadequate); None if it names none."""
    if TOP_GRADE.search(question):
        return "Outstanding"
    if BOTTOM_GRADE.search(question):
        return "Inadequate"
    named = _RATING_NAMED.search(question)
    return named.group(1) if named else None

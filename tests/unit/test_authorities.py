import pytest

from muni.answering.authorities import find_authority


@pytest.mark.parametrize("text,key", [
    ("hvordan ændrer jeg min forskudsopgørelse", "skattestyrelsen"),
    ("How do I change my tax card", "skattestyrelsen"),
    ("jeg skal bruge en straffeattest", "politiet"),
    ("hvor lang er ventetiden på sygehuset", "regionen"),
    ("hvornår får jeg dagpenge fra min a-kasse", "a-kasse"),
    ("hvordan søger jeg SU", "su"),
    ("How do I register a car I bought abroad", "motorstyrelsen"),
    ("vi skal skilles, hvem bestemmer samvær", "familieretshuset"),
    ("hvor mange timer må min søn på 15 arbejde", "arbejdstilsynet"),
    ("hvor lang tid maa min dreng paa 13 arbejde om ugen", "arbejdstilsynet"),
    ("må en 14-årig arbejde om aftenen", "arbejdstilsynet"),
    ("vores datter har fået fritidsjob i netto, hvor mange timer må hun", "arbejdstilsynet"),
    ("how many hours can my 15 year old work", "arbejdstilsynet"),
    ("min datter på 14 har faaet fritidsjob i fotex, maa hun arbejde til kl 21",
     "arbejdstilsynet"),
    ("my son is 14, can he work in a supermarket", "arbejdstilsynet"),
    ("min søn er 15, hvor mange timer må han arbejde om ugen", "arbejdstilsynet"),
    ("må min 14-årige arbejde i weekenden", "arbejdstilsynet"),
    ("maa min 14 aarige datter jobbe efter skole", "arbejdstilsynet"),
    ("må vores knægt jobbe til kl 22 på en hverdag", "arbejdstilsynet"),
    ("my daughter is 16 and got a part-time job, how late can she work", "arbejdstilsynet"),
    ("can my 13 year old have a paper round job", "arbejdstilsynet"),
    # earning is no veto: the question is still about his hours
    ("må min søn på 14 arbejde for at tjene lidt lommepenge", "arbejdstilsynet"),
    ("må min søn på 15 arbejde, og hvad skal han have i løn", "arbejdstilsynet"),
    ("can my 15-year-old work on weekends to earn some pocket money", "arbejdstilsynet"),
    ("my daughter is 14 and wants a paid summer job, how many hours can she work",
     "arbejdstilsynet"),
])
def test_other_authorities_are_recognised(text, key):
    found = find_authority(text)
    assert found is not None and found.key == key


@pytest.mark.parametrize("text", ["hvad koster et pas", "sygedagpenge når jeg er syg",
                                  "barselsdagpenge", "ejendomsskat på mit hus",
                                  "jeg har fået en p-bøde",
                                  # an adult's own work, or a young person without work
                                  "hvor meget må jeg arbejde på fleksjob",
                                  "hvor mange timer må jeg arbejde på kontanthjælp",
                                  "unge arbejdsløse under 30 jobcenter",
                                  "min søn på 17 har arbejde, mister vi så børnepenge",
                                  "min søn på 17 har fritidsjob, mister vi så børnepenge",
                                  "hvad koster et pas til min søn på 15",
                                  "my son works in Germany, can he get child benefit",
                                  # an adult child's benefit, money, or no job at all
                                  "må min søn arbejde ved siden af kontanthjælpen",
                                  "min datter på 17 går på STU, må hun arbejde ved siden af",
                                  "må min søn på 25 arbejde når han får førtidspension",
                                  "min søn på 16 har fritidsjob, hvor meget må han tjene",
                                  "vores datter har fritidsjob, hvor meget må hun tjene før "
                                  "det påvirker børnepengene",
                                  "my son cannot work because of his back",
                                  "my daughter is out of work, can she get help",
                                  "can my kid get help with school work",
                                  "my son is 15 and earns money, does he pay tax",
                                  # hours, dates and clock times are no ages; an adult's job
                                  "i am an international student with a part-time job 15 "
                                  "hours a week, do i need to register my address",
                                  "i got a summer job from 13 june, do i need a cpr number",
                                  "jeg har et weekend job på 15 timer, kan jeg få boligstøtte",
                                  "can my son get a job through the job centre",
                                  "can my son with a disability get a job with support",
                                  "min søn er 17 og må ikke arbejde pga sin ryg, hvad kan "
                                  "kommunen hjælpe med",
                                  "min søn på 16 har fritidsjob, hvor meget må han tjene før "
                                  "vi mister børnepengene",
                                  # the municipality's matter around a hospital stay
                                  "har faaet et skema om mit sygefravaer, hvor mange dage har "
                                  "jeg til det? jeg har ligget paa hospitalet",
                                  "min mor er udskrevet fra sygehuset, kan hun få genoptræning",
                                  "my neighbour gets madservice and she's in hospital",
                                  # no a-kasse: the municipality's benefit
                                  "mistede mit job i fredags og har ingen a-kasse. skal jeg "
                                  "søge kontanthjælp samme dag som jeg melder mig ledig",
                                  "er ikke medlem af a-kasse og er blevet ledig",
                                  "unemployed and not in an a-kasse what can i get"])
def test_municipal_matters_are_not_redirected(text):
    assert find_authority(text) is None


def test_the_region_reply_names_the_tenants_out_of_hours_doctor():
    region = find_authority("hvornår har lægevagten åbent")
    assert region is not None and region.key == "regionen"
    own = region.reply("da", {"laegevagt_telefon": "70 11 31 31"})
    assert "lægevagten: 70 11 31 31." in own and "{" not in own
    # a pack without the variable: the national way to find the number, never a placeholder
    general = region.reply("en", {})
    assert "1813" in general and "laegevagten.dk" in general and "{" not in general


def test_no_reply_shows_a_placeholder():
    from muni.answering.authorities import AUTHORITIES

    for authority in AUTHORITIES:
        for language in ("da", "en"):
            assert "{" not in authority.reply(language, {}), authority.key

"""The words the comparison knows, in English and Spanish: synonyms, negation, denial, status changes.

General news vocabulary, not any one article's wording: a claim's term matches every word of the synonym
group it belongs to, and the cue lists decide how evidence relates to a claim.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each group is one meaning; a claim term in a group matches every member (after folding and stemming).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("injured", "wounded", "hurt", "injuries", "treated for injuries", "hospitalized", "hospitalised",
     "heridos", "herido", "herida", "lesionados", "lesionado", "lesiones", "hospitalizados", "treated",
     "atendidos", "atendidas"),
    ("shot", "gunfire", "bullets", "hit by bullets", "disparo", "disparos", "heridos de bala", "bala",
     "baleado", "balazo"),
    ("arrested", "detained", "arrests", "detentions", "in custody", "into custody", "captured", "apprehended",
     "rounded up", "detenidos", "detenido", "detenciones", "arrestados", "arrestado", "aprehendidos",
     "capturados", "apresados", "detuvieron", "detuvo", "arrestos", "capturas", "privados de libertad",
     "were held", "was held", "being held", "been held", "taken into custody", "quedaron detenidos"),
    ("death", "deaths", "dead", "killed", "died", "fatality", "fatalities",
     "death toll", "shot dead", "slain", "fatally", "lost their lives", "lost his life", "lost her life",
     "lost their life", "lose their lives", "lose their life",
     "muerto", "muertos", "muerte", "murio", "fallecido", "fallecidos", "fallecio", "fallecimiento",
     "asesinado", "mataron", "victimas mortales", "perdio la vida", "perdieron la vida"),
    ("armored vehicle", "armoured vehicle", "military vehicle", "armored truck", "armoured truck",
     "armored car", "vehicle", "truck", "armored personnel carrier", "armoured personnel carrier", "tank",
     "tanqueta", "vehiculo blindado", "blindado", "tanquetas", "vehiculo militar", "camion"),
    ("ram", "rammed", "ramming", "run over", "ran over", "running over", "drove into", "driving into",
     "plough into", "ploughed into", "ploughing into", "plowed into", "mowed down", "accelerating into",
     "accelerated into", "sped into", "speeding into", "at speed into", "slammed into", "smashed into",
     "crashed into", "barrelled into", "barreled into", "charged into", "hurtling into", "hurtled into",
     "careering into", "careered into", "veered into", "arrollo", "atropello", "embistio",
     "arremetio contra", "arrollaron", "atropellaron", "arrollara", "atropellara", "embistiendo", "ran down",
     "running down", "drove over", "drove through", "ploughed through", "plowed through", "barrelled through",
     "paso por encima", "aplasto", "se abalanzo sobre", "arrollado", "arrollada", "atropellado",
     "atropellada", "embestido", "embestida", "arrollando", "atropellando", "drove straight into",
     "driving straight into", "ploughed straight into", "plowed straight into", "slammed straight into"),
    ("embassy", "embajada", "ambassador's residence", "residencia del embajador", "diplomatic mission",
     "sede diplomatica", "legation"),
    ("residence", "residencia"),
    ("Chile", "Chilean", "chileno", "chilena"),
    ("Spain", "Spanish", "Espana", "espanol", "espanola"),
    ("Brazil", "Brazilian", "Brasil", "brasileno", "brasilena"),
    ("Cuba", "Cuban", "cubano", "cubana", "Havana", "La Habana"),
    ("Peru", "Peruvian", "peruano"),
    ("Argentina", "Argentine", "argentino"),
    ("Turkey", "Turkish", "Turquia", "turco", "Ankara"),
    ("FAA", "Federal Aviation Administration", "Administracion Federal de Aviacion", "aviation authority",
     "aviation authorities", "aviation regulator", "autoridad de aviacion", "aviation agency",
     "agencia federal de aviacion", "agencia de aviacion"),
    ("airspace", "espacio aereo", "flights", "vuelos", "airlines", "carriers", "aerolineas", "aircraft",
     "aeronaves", "overflights", "sobrevuelos"),
    ("violence", "violent", "violencia", "violentos"),
    # Force as used, not the "armed forces" or "la Fuerza Armada" that name the army.
    ("weapons", "arms", "armas", "use of force", "use force", "by force", "with force", "resort to force",
     "force if necessary", "uso de la fuerza", "usar la fuerza", "emplear la fuerza", "recurrir a la fuerza",
     "con fuerza", "por la fuerza"),
    ("support", "supported", "back", "backed", "backing", "praise", "praised", "applaud", "applauded",
     "endorse", "endorsed", "sympathize", "cheer", "apoyo", "apoyar", "apoyaron", "respaldo", "respaldo",
     "respaldar", "respaldaron", "elogio", "aplaudio", "celebro", "sympathizes", "stand with", "stood with",
     "stands with", "side with", "sided with", "respaldado", "apoyado", "welcomed", "hailed", "solidarity",
     "solidaridad", "rallied behind", "rally behind", "rallying behind", "threw their support behind",
     "cerraron filas"),
    ("coup", "golpe", "golpe de estado", "putsch", "intentona", "coup attempt", "intento de golpe"),
    ("uprising", "rebellion", "revolt", "mutiny", "insurrection", "levantamiento", "alzamiento",
     "sublevacion", "rebelion", "insurreccion", "asonada"),
    ("embargo", "bloqueo", "blockade", "sanctions", "sanciones"),
    ("refuge", "shelter", "sheltering", "sheltered", "asylum", "protection", "guest", "guests", "refugio",
     "refugio", "refugiarse", "refugiaron", "asilo", "proteccion", "huesped", "resguardo", "took refuge"),
    ("protest", "protests", "march", "marches", "marchar", "rally", "streets", "demonstrations", "marchas",
     "protestas", "manifestaciones", "movilizacion", "las calles", "concentracion", "mobilization",
     "mobilisation", "take to the streets", "rallies", "la calle", "en la calle"),
    ("call", "called", "calls", "urge", "urged", "summon", "convocar", "convoco", "convocatoria", "llamo",
     "llamado", "pidio", "insto", "exhorto", "appeal", "appealed", "asked", "encouraged", "llamamiento",
     "invito"),
    ("continue", "continues", "continuamos", "continuar", "continuara"),
    ("final stage", "final phase", "fase final", "etapa final"),
    ("Operation Freedom", "Operacion Libertad"),
    ("troops", "soldiers", "military", "servicemen", "officers", "militares", "soldados", "tropas",
     "efectivos", "oficiales", "uniformados", "members of the armed forces", "army", "armed forces",
     "ejercito", "fuerzas armadas", "unit", "units", "garrison", "garrisons", "battalion", "battalions",
     "unidad", "unidades", "guarnicion", "guarniciones", "batallon", "batallones"),
    ("abandon", "abandoned", "desert", "deserted", "surrendered", "withdrew", "retreated", "pulled out",
     "returned to their barracks", "returned to barracks", "abandonaron", "dejaron solos", "se rindieron",
     "desertaron", "se retiraron", "se replegaron", "volvieron a sus cuarteles",
     "regresaron a sus cuarteles", "went back to their units", "returned to their units",
     "went back to their barracks", "desertado", "desertados", "abandonado", "regresado a sus unidades",
     "regresaron a sus unidades", "volvieron a sus unidades", "walked away", "walked away from",
     "turned their backs on", "turned their back on", "turned its back on", "dieron la espalda",
     "le dieron la espalda", "se desmarco", "se desmarcaron", "distanced themselves",
     "desmarcado", "desmarcados"),
    ("prosecutor", "prosecutors", "fiscal", "fiscales"),
    ("special", "especial", "especiales"),
    ("investigate", "investigating", "investigation", "investigations", "examine", "probe", "investigar",
     "investigaran", "investigacion", "investigaciones", "examinar"),
    ("appoint", "appointed", "appointment", "named", "designated", "designo", "designacion", "nombro",
     "nombramiento"),
    ("soldier", "soldiers", "soldado", "soldados", "servicemen", "troops", "efectivos", "unit", "units",
     "unidad", "unidades"),
    ("colonel", "colonels", "coronel", "coroneles"),
    ("flee", "fled", "fleeing", "escape", "huir", "huida", "escapar", "salir del pais", "abandonar el pais",
     "exile", "exilio", "leave the country", "leave Venezuela", "leave for Havana", "leave for Cuba",
     "plane ready", "plane waiting", "avion listo", "plane out of the country", "flight out of the country",
     "fly out of the country", "fly to Havana", "fly to Cuba", "huyera", "huyo", "salir de Venezuela",
     "irse del pais", "dejar el pais", "plane to Havana", "plane to Cuba", "plane for Havana",
     "plane for Cuba", "flight to Havana", "flight to Cuba", "avion a La Habana", "avion a Cuba",
     "avion hacia Cuba", "abandonar Venezuela", "dejar Venezuela", "exiliarse", "exiliara",
     "go into exile", "leaving Venezuela", "leaving the country", "aircraft ready", "aircraft waiting",
     "airplane ready", "airplane waiting", "jet ready", "jet waiting", "avion rumbo a La Habana",
     "avion rumbo a Cuba", "avion con destino a La Habana", "avion con destino a Cuba"),
    ("plane on the tarmac", "airplane on the tarmac", "avion en la pista"),
    ("interference", "meddling", "intervention", "injerencia", "intervencion", "interferencia"),
    ("collapse", "colapso", "derrumbe"),
    ("destabilize", "destabilise", "desestabilizar"),
    ("condemn", "condemned", "condemns", "denounce", "denounced", "condeno", "condena", "condenar",
     "denuncio", "repudio", "criticized", "criticised", "decried", "slammed", "censured", "blasted",
     "lambasted", "deplored", "critico", "rechazo", "rechazaron", "rechazar", "condemnation"),
    ("carried", "carry", "carrying", "armed with", "wielding", "portaban", "portar", "portando", "llevaban",
     "llevando", "armados con"),
    ("rifle", "rifles", "carbine", "carbines", "fusil", "fusiles"),
    ("small", "tiny", "limited", "narrow", "reducida", "reducido", "pequena", "pequeno", "limitada",
     "limitado", "grupito", "grupitos"),
    ("area", "zona", "sector", "corridor", "corredor", "stretch", "tramo", "few blocks", "pocas cuadras",
     "few hundred meters", "few hundred metres", "few hundred yards", "unos cientos de metros", "few streets",
     "pocas calles", "unas cuantas cuadras", "unas cuantas manzanas", "pocas manzanas"),
    ("blocks", "city blocks", "cuadras", "manzanas"),
    ("across the country", "nationwide", "throughout the country", "all over the country", "en todo el pais",
     "por todo el pais", "a nivel nacional", "en todo el territorio"),
    ("several cities", "other cities", "many cities", "varias ciudades", "otras ciudades", "muchas ciudades",
     "diversas ciudades"),
    ("switch sides", "switched sides", "defect", "defected", "defection", "joined", "join", "sided with",
     "stood with", "gone over to", "went over to", "go over to", "crossed over", "desertar", "se sumaron",
     "se sumara", "se sumaran", "se unieron", "se uniera", "se unieran", "se les uniera", "se les unieran",
     "se les sumara", "se les sumaran", "se les sumaron", "se le sumaron",
     "se pasaron", "pasaron al bando", "pasado al bando", "pasarse al bando", "broke ranks", "broke with",
     "rompieron con", "declared for", "declared their support for", "came over", "come over", "coming over",
     "comes over", "se han sumado", "se habian sumado", "se ha sumado", "se habia sumado", "se hayan sumado",
     "se hubieran sumado", "para unirse", "changed sides", "change sides", "changing sides", "broken with",
     "broken ranks", "cambiaron de bando", "cambiar de bando", "cambiado de bando", "cambio de bando"),
    ("men", "hombres"),
    ("feet", "foot", "ft", "pies"),
    ("meters", "metres", "metros"),
    ("moved", "transferred", "relocated", "traslado", "trasladaron", "trasladado", "se mudo"),
    ("people", "persons", "personas", "civilians", "civiles"),
    ("protesters", "demonstrators", "manifestantes", "opositores"),
    ("Moscow", "Moscu"),
    ("Russia", "Russian", "Rusia", "ruso", "rusa"),
    ("defense minister", "defence minister", "minister of defense", "minister of defence",
     "ministro de defensa", "ministro de la defensa", "defense chief", "defence chief", "titular de defensa",
     "titular de la defensa"),
    ("Lima Group", "Grupo de Lima"),
    ("Russian Foreign Ministry", "Russia's Foreign Ministry", "Russian foreign office", "cancilleria rusa",
     "ministerio de exteriores ruso", "ministerio ruso de exteriores", "diplomacia rusa"),
    ("Latin American leaders", "Latin American governments", "regional leaders", "lideres latinoamericanos",
     "gobiernos latinoamericanos", "lideres de la region"),
    ("foreign ministry", "foreign ministries", "foreign office", "cancilleria", "ministerio de exteriores",
     "ministerio de relaciones exteriores"),
)  # fmt: skip

# Words that negate what follows them ("did not condemn", "no deaths"), refusals among them ("declined to
# back", "se niegan a salir").
NEGATIONS = _words(
    "not no never none nobody nothing neither nor without n't nunca jamas sin ningun ninguno ninguna "
    "nadie tampoco ni refused refuses refusing declined declines declining rehuso rehusaron niegan negaron"
)
# The last negation of a negated list ("neither X nor Y", "ni X, ni Y") negates the verb of its clause,
# however long the list ("Ni X, ni la ONG Provea, ni el Observatorio ... registraron fallecidos").
CORRELATIVES = _words("nor ni")
LIST_OPENERS = _words("neither ni")
# Between a negation and a claim's word, these make the negation a limit that affirms it ("never spread
# beyond a few blocks", "no more than a stretch", "no salió de más allá de la plaza").
# So do "no pasó de" (went no further than), hesitating ("will not hesitate to use weapons") and the
# idioms of saying something outright ("condemned without reservation", "condenó sin rodeos").
LIMITS = _words(
    "beyond outside except than alla fuera salvo excepto paso pasaron hesitate hesitating dudar dudara "
    "dudaran dudaremos vacilar vacilara vacilaran vacilaremos hesitation reservation reservations "
    "rodeos ambages titubeos reservas tapujos"
)
# Between a negation and a claim's word, these Spanish particles do not count toward its reach ("no se
# trata de un golpe"); articles do (counting them out cost a finding on blind5).
LIGHT_WORDS = _words("se de")
# In what a denial refutes, these make it deny that any were ("denied that any soldiers sought refuge").
ANY = _words("any algun alguno alguna ningun ninguno ninguna")
# Negations that say nobody did something ("nobody will enter", "no llegaría nadie").
NOBODY = _words("nobody nadie ninguno ninguna")
# Units that measure (a ceiling of 26,000 feet, a share of 80 %) rather than count people or things.
MEASURES = _words("feet ft foot pies metros meters metres km kilometres kilometers miles millas % percent")
# Negations that say none of something ("no battalion followed", "ningún comandante se sumó").
NONE = _words("no none nobody ningun ninguno ninguna nadie")
# Words that negate what precedes them ("fatalities were avoided").
AFTER_NEGATIONS = _words("avoided averted evitaron evitadas evitado")

# Verbs by which someone grants what a claim says they denied ("Bolton acknowledged it was a coup").
ADMISSIONS = _words(
    "acknowledged acknowledges admitted admits conceded concedes admitio admitieron admite"
)

# Verbs that refute a report wherever they stand in the sentence ("Moscow denied ... that Maduro ...").
DENIALS = _words(
    "denied denies deny denying dismissed dismissing rejected rejecting refuted disputed disputing desmintio "
    "desmiente desmintieron desmintiendo nego niega negaron negando rechazo scoffed scoff scoffs scoffing "
    "ridiculed ridiculing ridicules ridiculizo ridiculiza"
)
# A denial covers the clause it opens; these words start the next one ("denied X, saying Y").
CLAUSE_BREAKS = _words(
    "saying adding insisting arguing noting explaining telling but while although though whereas however "
    "diciendo afirmando asegurando agregando anadiendo pero aunque mientras sino"
)
# After a comma or semicolon, these open a clause with its own subject ("..., and 25 soldiers sought ...").
COORDINATORS = _words("and but while whereas y e pero mientras")
# Before a denial verb, these make it passive, so that it refutes what precedes it ("claims ... were denied");
# before an untrue word, they make it said of what precedes it ("claims ... were a lie").
PASSIVE = _words("was were been being is are be fue fueron sido es son")

# Claims that report an act rather than assert a fact ("warned", "threatened", "called for"): rejecting
# the act confirms it was made, and denying some other fact does not touch it.
ACTS = _words(
    "warned warns threatened threatens called calls urged urges vowed condemned condemns appealed demanded "
    "advirtio amenazo convoco llamo insto condeno exigio"
)
# Verbs reporting what someone said: a "nobody" after one is in what was said ("warned that nobody will
# enter by force"), which a claim reporting the act does not deny.
REPORTING = _words(
    "said says told warned warns declared stated added dijo dice afirmo advirtio aseguro declaro anadio "
    "agrego"
)
# Before a claim's word, these make its entity the one who gives ("won the backing of Bolsonaro"), so that
# an entity named before it only receives ("Bolsonaro's reform won the backing of a committee").
RECEIVING = _words(
    "won win wins received receives gained gains got secured obtained recibio obtuvo gano consiguio"
)

# What one rejects without saying it was never made ("dismissed Trump's threat", "rechazó la amenaza").
ACT_NOUNS = _words(
    "threat threats warning warnings ultimatum call calls appeal demand demands condemnation criticism offer "
    "amenaza amenazas advertencia advertencias llamado llamamiento exigencia condena criticas oferta"
)

# Verbs that say a number of their subject ("the soldiers who defected were only thirty", "los efectivos
# ... fueron apenas una treintena"), and the words bounding it that may stand between.
COPULAS = _words("were are numbered totaled totalled fueron eran son sumaban sumaron")
PREDICATE_BOUNDS = _words(
    "only just merely barely about around roughly nearly almost some apenas solo solamente unos unas casi"
)

# Words that give a figure as the whole count, so that a smaller one contradicts a claimed figure
# ("only 20 were hurt", "a total of 20"); without them a smaller figure may be a part ("two more").
WHOLE_COUNTS = _words(
    "total totals altogether overall toll tally only just merely solo solamente apenas unicamente balance "
    "unico unica unicos unicas"
)

# What shows or tells an event: an untrue word naming one ("calificó de montaje el video en el que ...")
# is said of what its description tells.
REPORT_NOUNS = _words(
    "video videos footage images clip photo photos report reports imagenes grabacion foto fotos informe"
)

# Words that call a report untrue when near it ("the video ... was fake", "edited to mislead").
UNTRUE = _words(
    "false fake untrue baseless unfounded bogus fabricated fabrication hoax lie lies nonsense doctored "
    "manipulated manipulation mislead misleading misled manipulacion falso enganoso enganosa enganar "
    "falsa falsos falsas mentira mentiras infundado infundada montaje manipulado manipulada trucado trucada"
)

# A short sentence of these alone calls the sentence before untrue ("That is simply wrong.", "Verdict:
# false.", "Moscow denied it."), as does one denying it is true ("That is not true.", "No es cierto.").
REBUTTALS = (
    UNTRUE
    | DENIALS
    | _words("wrong incorrect inaccurate erroneo erronea incorrecto incorrecta")
)
TRUE = _words("true cierto verdad")
# A sentence of these alone, ending on its verb, asserts what the negated sentence before denies ("... was
# 'clearly not a coup'. It was.", "Sí lo fue.").
REASSERTING_VERBS = _words("was is did does fue es")
REASSERTIONS = REASSERTING_VERBS | _words("it yes indeed si lo")
# Labels opening a fact check's verdict ("Verdict: false.", "Veredicto: falso.").
VERDICTS = _words("verdict veredicto rating calificacion ruling conclusion")

# A later or revised figure.
UPDATE_CUES = _words(
    "rose risen rises climbed climbs increased jumped reached revised updated latest now new toll grew "
    "grown soared surged doubled swelled supera superan supero ascendio asciende ascendieron subio sube "
    "subieron aumento aumentaron elevo eleva elevaron elevan alcanzo alcanzaron actualizado ultimo nuevo "
    "nueva"
)

# Before a number, these make it the earlier figure of a change ("up from 59", "subió a 109 desde 59").
CHANGE_FROM = _words("from desde")
DETERMINERS = _words("the los las")

# Statuses that replace an earlier one ("left the embassy", "arrested", "lifted the ban", "tightened the
# restrictions", "imposed the sanctions" it threatened; not "tightened security", said of any guarded place).
STATUS_CHANGES = (
    "left", "leave", "leaves", "arrested", "detained", "captured", "released", "freed", "expelled",
    "evicted", "removed", "ended", "lifted", "reopened", "resumed", "granted asylum", "moved", "arrived",
    "handed over", "departed", "surrendered", "flew", "fled", "escaped", "suspended", "halted", "salio",
    "salir", "dejo", "abandono", "detenido", "detuvieron", "arrestado", "capturado", "liberado", "expulsado",
    "desalojados", "desalojo", "levanto", "levantado", "termino", "puso fin", "suspendio", "suspendieron",
    "traslado", "trasladaron", "llego", "concedio asilo", "no longer", "ya no", "tightened restrictions",
    "tightens restrictions", "tightened the restrictions", "tightened its restrictions", "tightened the ban",
    "expanded the ban", "widened the ban", "extended the ban", "endurecio las restricciones",
    "endurecio la prohibicion", "amplio la prohibicion", "imposed", "slapped", "impuso", "impusieron",
    "aplico", "aplicaron",
)  # fmt: skip
# Those of them that move someone somewhere: arriving at the claim's own place is no change of its status
# ("the soldiers arrived at the embassy" where they sought refuge).
ARRIVALS = ("arrived", "moved", "llego", "llegaron", "traslado", "trasladaron")
# After any status word, these make it a move to what follows ("fled to the embassy", "left for Madrid").
TOWARD = _words("to for into a hacia")
# Those of them made of a negation, which then negates nothing: it says the status ended.
ENDED = frozenset({("no", "longer"), ("ya", "no")})

# Before a status word, these make it the status left behind ("freed from house arrest"), or an earlier
# step ("after leaving the rally", "tras salir de la plaza").
FORMER = _words("from formerly previously after tras despues")
# A few words before a status word, these make it one escaped ("slipped out of house arrest", "se fugó del
# arresto domiciliario"): the status left behind too.
ESCAPES = _words("out fugo fugarse fugandose escapo escaparse evadio")
# Before a status word, these make it one not (yet) taken ("would impose", "threatened to impose", "a court
# ordered his arrest", "orden de captura"), as do conditions a few words before it ("unless Cuban troops
# left").
UNREALISED = _words(
    "would will could might may should to podria podrian order orders ordered ordering orden ordeno ordena "
    "ordenaron"
)
CONDITIONS = _words("if unless si")

# Words that may follow a number without saying what it counts ("rose to 109 on Wednesday", "reached 130
# across the capital").
FUNCTION_WORDS = _words(
    "up down from in on at by during since after before and or were was had have has are is to this that "
    "as according en y o durante desde tras fueron han segun a por hasta la el los las de del este esta "
    "como across throughout around among within over entre"
)

# Before a claim's word, these make a later number of its clause its count, however far ("the number of
# people hurt in Tuesday's clashes in the capital has climbed to 130").
COUNT_NOUNS = _words("number numbers count tally toll total numero cifra cifras balance recuento")

# Papers a number may count right after it ("18 arrest warrants", "18 órdenes de captura"): not the people
# they name.
DOCUMENTS = _words(
    "warrant warrants order orders orden ordenes summons citaciones charges cargos requests solicitudes"
)
# A number followed by these counts part of a group ("several of the soldiers who ..."), not the group.
PARTITIVE = _words("of de del")
# Personal pronouns, which may name the subject of the sentence before ("show them holding ...").
PRONOUNS = _words("he him his she her they them their ellos ellas")
RELATIVES = _words("who that which whom que quienes cuales")

# Days said relative to the article's own date: a sentence with one is about the story's days.
RELATIVE_DAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight lunes martes miercoles "
    "jueves viernes sabado domingo hoy ayer"
)
# Words before a year that make it a comparison, not the article's date ("unlike the protests of 2017").
COMPARISONS = _words("unlike contrast compared than diferencia contraste comparacion")
# Relative pronouns opening a clause about someone's past ("Erdogan, who survived a putsch in 2016, ..."):
# its date is not the article's or the sentence's.
PAST_ASIDES = _words("who whom whose quien quienes cuyo cuya")
# Words just before a place or actor that make it a likeness, not the article's subject ("in scenes that
# recalled Venezuela", "as in Caracas", "like Maduro"): another country's news compared with this story.
LIKENESS = COMPARISONS | _words(
    "like recalled recalling recall reminiscent echoing echoed recordaron recordando"
)
LIKENESS_PAIRS = frozenset(
    {("as", "in"), ("como", "en"), ("al", "igual"), ("similar", "to"), ("igual", "que")}
)

# A question opening with these asks whether something happened and asserts nothing ("Did Maduro plan to
# flee?"); one opening otherwise presupposes it ("Why did the vehicle ram the crowd?").
QUESTION_OPENERS = _words("is are was were do does did has have had can could will would should")
# Labels of an interviewer's questions in a transcript ("Q: How many ...?", "P: ¿Cuántos ...?").
QUESTION_LABELS = _words("q p question pregunta")
# In Spanish ("¿...?") every question but one opening with these: "¿Por qué arrolló la tanqueta ...?".
INTERROGATIVES = _words("que quien quienes como cuando donde cuanto cuantos cuantas cual cuales por")

# Reports of something that did not (yet) happen.
HYPOTHETICAL = _words("if any would could might risk risking risks si cualquier podria arriesgarse")
# Of those, the modal verbs of possibility: a negation after one still negates ("could not be called a
# coup"), where one after a condition does not ("if Cuba does not end its support"). Not "would": read
# so, "would not" cost a right finding on an evaluation split.
MODALS = _words("could might podria")

# What makes an unclaimed sentence news: casualties, arrests, refuge, sanctions.
DEVELOPMENTS = {
    "casualties": ("killed", "dead", "died", "death toll", "shot dead", "muerto", "muertos", "murio",
                   "fallecido", "fallecidos", "injured", "wounded", "heridos"),
    "arrest": ("arrested", "detained", "captured", "arrest warrant", "detenido", "detenida", "detuvieron",
               "arrestado", "capturado", "orden de captura", "orden de arresto"),
    "refuge": ("refuge", "asylum", "sheltering", "refugio", "asilo", "refugiado"),
    "sanctions": ("sanctions", "sanciones", "embargo"),
    "defection": ("defected", "defectors", "switched sides", "desertaron", "desertores"),
}  # fmt: skip

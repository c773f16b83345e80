"""What demo residents write, and what staff answer them, in French, Dutch and English.

These are demo data, not interface strings: a resident writes in their own language and
is answered in it, so the texts live here in the three languages rather than in the
translation catalogues. Every active category has its own descriptions, which say what
its name says and nothing that belongs to a sibling.
"""

from __future__ import annotations

from lisa.reports.models import Status

# Category code -> language -> what a resident writes.
DESCRIPTIONS: dict[str, dict[str, list[str]]] = {
    # Illegal dumping, chosen without saying which kind.
    "dumping": {
        "fr": [
            "Des déchets s'accumulent au coin de la rue depuis plusieurs jours.",
            "Quelqu'un abandonne régulièrement ses déchets à côté des bulles à verre.",
            "Dépôt sauvage au pied de l'arbre, sur le trottoir.",
        ],
        "nl": [
            "Al enkele dagen stapelt het afval zich op op de hoek van de straat.",
            "Iemand laat geregeld zijn afval achter naast de glasbollen.",
            "Sluikstort aan de voet van de boom, op het voetpad.",
        ],
        "en": [
            "Rubbish has been piling up on the street corner for several days.",
            "Someone keeps leaving their rubbish next to the bottle banks.",
        ],
    },
    "dumping-bags": {
        "fr": [
            "Des sacs-poubelles sont sortis dès le dimanche matin alors que la collecte est le mardi.",
            "Les sacs blancs ont été éventrés pendant la nuit, les déchets sont éparpillés sur le trottoir.",
            "Les sacs de l'immeuble sont déposés sur le trottoir tous les jours, en dehors des heures de collecte.",
        ],
        "nl": [
            "De vuilniszakken staan al zondagochtend buiten, terwijl de ophaling pas op dinsdag is.",
            "De witte zakken zijn 's nachts opengescheurd en het afval ligt over het voetpad verspreid.",
            "De zakken van het gebouw staan elke dag op het voetpad, buiten de ophaaluren.",
        ],
        "en": [
            "Rubbish bags were put out on Sunday morning, but collection is not until Tuesday.",
            "The white bags were torn open overnight and rubbish is scattered over the pavement.",
            "The building's bags go out on the pavement every day, whatever the collection times.",
        ],
    },
    "dumping-bulky": {
        "fr": [
            "Un matelas et un vieux frigo abandonnés sur le trottoir.",
            "Un canapé et des chaises laissés devant l'immeuble depuis le déménagement de samedi.",
            "Une armoire démontée et un sommier déposés contre le mur du parc.",
        ],
        "nl": [
            "Een matras en een oude koelkast op het voetpad achtergelaten.",
            "Een zetel en stoelen staan voor het gebouw sinds de verhuizing van zaterdag.",
            "Een uit elkaar gehaalde kast en een bedbodem tegen de parkmuur gezet.",
        ],
        "en": [
            "A mattress and an old fridge dumped on the pavement.",
            "A sofa and some chairs left outside the building since Saturday's move.",
        ],
    },
    "dumping-construction": {
        "fr": [
            "Des sacs de gravats et des plaques de plâtre déposés au bord de la rue.",
            "Un tas de carrelage cassé et de ciment laissé près des bulles à verre.",
            "Des chutes de bois et de vieilles plinthes abandonnées après des travaux.",
        ],
        "nl": [
            "Zakken bouwpuin en gipsplaten langs de straat gedumpt.",
            "Een hoop gebroken tegels en cement bij de glasbollen achtergelaten.",
            "Restjes hout en oude plinten na verbouwingswerken achtergelaten.",
        ],
        "en": [
            "Bags of rubble and sheets of plasterboard dumped at the roadside.",
            "A heap of broken tiles and cement left by the bottle banks.",
        ],
    },
    "dumping-litter": {
        "fr": [
            "La poubelle publique de l'arrêt de tram déborde, les déchets s'envolent.",
            "Canettes, emballages et mégots partout sur la placette après le week-end.",
            "La corbeille près de l'école est pleine à ras bord depuis plusieurs jours.",
        ],
        "nl": [
            "De openbare vuilnisbak aan de tramhalte puilt uit en het afval waait weg.",
            "Blikjes, verpakkingen en peuken overal op het pleintje na het weekend.",
            "De vuilnisbak bij de school zit al dagen boordevol.",
        ],
        "en": [
            "The public bin at the tram stop is overflowing and rubbish is blowing about.",
            "Cans, wrappers and cigarette ends all over the little square after the weekend.",
        ],
    },
    "dumping-hazardous": {
        "fr": [
            "Des seringues usagées dans le bac à sable de la plaine de jeux.",
            "Des bidons d'huile de vidange abandonnés au pied d'un arbre.",
            "Plusieurs seringues par terre à l'entrée du parking souterrain.",
        ],
        "nl": [
            "Gebruikte spuiten in de zandbak van de speeltuin.",
            "Bidons afgewerkte motorolie aan de voet van een boom achtergelaten.",
            "Verschillende spuiten op de grond aan de ingang van de ondergrondse parking.",
        ],
        "en": [
            "Used syringes in the playground sandpit.",
            "Cans of used engine oil left at the foot of a tree.",
        ],
    },
    # A neighbourhood problem, chosen without saying which kind.
    "neighbourhood": {
        "fr": [
            "Depuis quelques mois l'ambiance s'est dégradée dans la rue et je ne sais pas à qui m'adresser.",
            "Plusieurs voisins se plaignent de la situation dans notre immeuble, nous aimerions en parler à quelqu'un.",
        ],
        "nl": [
            "Sinds enkele maanden is de sfeer in de straat verslechterd en ik weet niet bij wie ik terecht kan.",
            "Verschillende buren klagen over de toestand in ons gebouw; we willen er graag met iemand over praten.",
        ],
        "en": [
            "Things have gone downhill in our street over the past few months and I don't know who to turn to.",
            "Several neighbours are unhappy about what goes on in our building and would like to talk to someone.",
        ],
    },
    "neighbourhood-dispute": {
        "fr": [
            "Conflit récurrent avec le voisin du dessus au sujet des poubelles laissées dans le hall.",
            "Mon voisin encombre la cour commune et refuse d'en parler, la situation s'envenime.",
            "Dispute avec les voisins au sujet de la haie mitoyenne, qui n'est plus taillée.",
        ],
        "nl": [
            "Terugkerend conflict met de bovenbuur over de vuilnisbakken die in de hal blijven staan.",
            "Mijn buurman zet de gemeenschappelijke koer vol en wil er niet over praten; het loopt uit de hand.",
            "Ruzie met de buren over de gemeenschappelijke haag, die niet meer gesnoeid wordt.",
        ],
        "en": [
            "An ongoing dispute with the upstairs neighbour about the bins left in the hall.",
            "A row with the neighbours over the shared hedge, which nobody trims any more.",
        ],
    },
    "neighbourhood-gathering": {
        "fr": [
            "Un groupe se rassemble chaque soir dans l'entrée de l'immeuble, les habitants n'osent plus passer.",
            "Des jeunes boivent sur les bancs de la place jusque tard et laissent leurs bouteilles.",
            "Attroupement devant le night shop, les passants se font insulter.",
        ],
        "nl": [
            "Elke avond komt een groep samen in de inkom van het gebouw; de bewoners durven er niet meer langs.",
            "Jongeren drinken tot laat op de banken van het plein en laten hun flessen achter.",
            "Samenscholing voor de nachtwinkel; voorbijgangers worden uitgescholden.",
        ],
        "en": [
            "A group gathers every evening in the building's entrance and residents no longer dare walk past.",
            "People drink on the benches of the square until late and leave their bottles behind.",
        ],
    },
    "neighbourhood-housing-estate": {
        "fr": [
            "Dans notre immeuble de logements sociaux, la porte d'entrée ne ferme plus et des inconnus montent dans les étages.",
            "Les caves de la cité sont squattées et l'éclairage des communs a été arraché.",
            "L'ascenseur de la tour est en panne depuis trois semaines, une voisine âgée ne peut plus sortir.",
        ],
        "nl": [
            "In ons sociaal woongebouw sluit de voordeur niet meer en lopen vreemden de verdiepingen op.",
            "De kelders van de woonwijk worden gekraakt en de verlichting in de gemeenschappelijke delen is uitgerukt.",
            "De lift van de woontoren is al drie weken defect; een oudere buurvrouw kan niet meer naar buiten.",
        ],
        "en": [
            "In our social housing block the front door no longer locks and strangers wander up to the flats.",
            "The lift in the tower block has been out of order for three weeks; an elderly neighbour can no longer go out.",
        ],
    },
    "neighbourhood-distress": {
        "fr": [
            "Une dame âgée du rez-de-chaussée semble seule et sans aide, ses volets restent fermés depuis des jours.",
            "Un homme dort dehors sous le porche depuis le début du froid.",
            "Mon voisin ne sort plus et son courrier s'accumule, je m'inquiète pour lui.",
        ],
        "nl": [
            "Een oudere dame op het gelijkvloers lijkt alleen en zonder hulp; haar luiken blijven al dagen dicht.",
            "Sinds het koud is, slaapt er een man buiten onder de poort.",
            "Mijn buurman komt niet meer buiten en zijn post stapelt zich op; ik maak me zorgen.",
        ],
        "en": [
            "An elderly lady on the ground floor seems to be on her own without help; her shutters have been closed for days.",
            "A man has been sleeping in the doorway since the cold weather began.",
        ],
    },
    # Noise, chosen without saying which kind.
    "noise": {
        "fr": [
            "Du bruit presque tous les jours, nous n'en pouvons plus.",
            "Des nuisances sonores régulières dans le quartier, surtout le soir.",
        ],
        "nl": [
            "Bijna elke dag lawaai; we kunnen niet meer.",
            "Regelmatig geluidsoverlast in de buurt, vooral 's avonds.",
        ],
        "en": [
            "Noise almost every day; we cannot take any more.",
            "Repeated noise in the neighbourhood, mostly in the evening.",
        ],
    },
    "noise-neighbours": {
        "fr": [
            "Les voisins du dessus déplacent des meubles et claquent les portes à toute heure.",
            "Le chien de l'appartement voisin aboie toute la journée quand ses maîtres sont absents.",
            "Musique très forte chez le voisin tous les week-ends.",
        ],
        "nl": [
            "De bovenburen verschuiven meubels en slaan de deuren dicht op elk uur.",
            "De hond van het appartement naast ons blaft de hele dag als de baasjes weg zijn.",
            "Elk weekend heel luide muziek bij de buren.",
        ],
        "en": [
            "The upstairs neighbours move furniture about and slam doors at all hours.",
            "The dog next door barks all day while its owners are out.",
        ],
    },
    "noise-night": {
        "fr": [
            "Musique très forte et cris dans la rue jusqu'à 3 h du matin.",
            "Des voitures font des rodéos la nuit sur l'avenue, moteurs poussés à fond.",
            "Une fête dans un appartement toutes les nuits du vendredi et du samedi, jusqu'à l'aube.",
        ],
        "nl": [
            "Heel luide muziek en geschreeuw op straat tot 3 uur 's nachts.",
            "'s Nachts rijden auto's rodeo op de laan, met gierende motoren.",
            "Elke vrijdag- en zaterdagnacht een feestje in een appartement, tot de ochtend.",
        ],
        "en": [
            "Very loud music and shouting in the street until 3 a.m.",
            "Cars race up and down the avenue at night with their engines roaring.",
        ],
    },
    "noise-business": {
        "fr": [
            "Le chantier d'en face commence avant 7 h, même le samedi.",
            "Le café du coin laisse sa porte ouverte et diffuse de la musique jusqu'à minuit.",
            "Le groupe frigorifique de la supérette tourne jour et nuit avec un bruit de moteur.",
        ],
        "nl": [
            "De werf aan de overkant begint voor 7 uur, ook op zaterdag.",
            "Het café op de hoek laat de deur openstaan en speelt muziek tot middernacht.",
            "De koelinstallatie van de buurtwinkel bromt dag en nacht.",
        ],
        "en": [
            "The building site opposite starts before 7 a.m., even on Saturdays.",
            "The bar on the corner leaves its door open and plays music until midnight.",
        ],
    },
    # Street traffic, chosen without saying which kind.
    "traffic": {
        "fr": [
            "La circulation est dangereuse dans la rue aux heures de pointe.",
            "Beaucoup de voitures prennent la rue comme raccourci et roulent sans prudence.",
        ],
        "nl": [
            "Het verkeer in de straat is gevaarlijk tijdens de spits.",
            "Veel auto's gebruiken de straat als sluipweg en rijden onvoorzichtig.",
        ],
        "en": [
            "Traffic in the street is dangerous at rush hour.",
            "Many drivers use the street as a rat run and drive carelessly.",
        ],
    },
    "traffic-speeding": {
        "fr": [
            "Les voitures roulent beaucoup trop vite devant l'école, en zone 30.",
            "Des motos accélèrent dans la descente, certaines dépassent largement les 50 km/h.",
            "Vitesse excessive tous les soirs sur l'avenue, alors que des enfants traversent.",
        ],
        "nl": [
            "Auto's rijden veel te snel voor de school, in de zone 30.",
            "Motoren trekken op in de afdaling; sommige rijden veel harder dan 50 km/u.",
            "Elke avond wordt er te snel gereden op de laan, terwijl er kinderen oversteken.",
        ],
        "en": [
            "Cars drive far too fast outside the school, in the 30 km/h zone.",
            "Motorbikes speed down the hill, some of them well over 50 km/h.",
        ],
    },
    "traffic-dangerous": {
        "fr": [
            "Le passage pour piétons devant l'arrêt de bus est caché par les voitures garées.",
            "Au carrefour, les automobilistes ne voient pas les cyclistes qui arrivent de la droite.",
            "Il faut traverser quatre bandes sans îlot central pour rejoindre l'arrêt de tram.",
        ],
        "nl": [
            "Het zebrapad aan de bushalte gaat schuil achter de geparkeerde auto's.",
            "Op het kruispunt zien chauffeurs de fietsers die van rechts komen niet.",
            "Om de tramhalte te bereiken moet je vier rijstroken oversteken zonder middeneiland.",
        ],
        "en": [
            "The zebra crossing by the bus stop is hidden behind parked cars.",
            "At the junction drivers cannot see the cyclists coming from the right.",
        ],
    },
    "traffic-lights": {
        "fr": [
            "Le feu pour piétons reste au rouge, les gens traversent sans signal.",
            "Le feu de signalisation du carrefour clignote à l'orange depuis ce matin.",
            "Un des feux du carrefour a été tourné vers le mauvais côté après un accrochage.",
        ],
        "nl": [
            "Het voetgangerslicht blijft op rood staan; de mensen steken over zonder signaal.",
            "Het verkeerslicht op het kruispunt knippert sinds vanochtend oranje.",
            "Een van de verkeerslichten op het kruispunt is na een aanrijding de verkeerde kant op gedraaid.",
        ],
        "en": [
            "The pedestrian light stays on red, so people cross without a signal.",
            "The traffic lights at the junction have been flashing amber since this morning.",
        ],
    },
    "traffic-signs": {
        "fr": [
            "Le panneau stop du carrefour a été arraché.",
            "Le panneau de sens interdit est tordu et tourné vers le mur.",
            "Le panneau « zone 30 » à l'entrée de la rue est couvert d'autocollants et illisible.",
        ],
        "nl": [
            "Het stopbord op het kruispunt is uitgerukt.",
            "Het bord 'verboden richting' is verbogen en naar de muur gedraaid.",
            "Het bord 'zone 30' aan het begin van de straat zit vol stickers en is onleesbaar.",
        ],
        "en": [
            "The stop sign at the junction has been torn down.",
            "The no-entry sign is bent and turned towards the wall.",
        ],
    },
    # Unauthorised parking, chosen without saying which kind.
    "parking": {
        "fr": [
            "Des véhicules gênent régulièrement le passage dans la rue.",
            "Stationnement sauvage tous les jours à la sortie de l'école.",
        ],
        "nl": [
            "Voertuigen versperren geregeld de doorgang in de straat.",
            "Elke dag wildparkeren aan de schoolpoort.",
        ],
        "en": [
            "Vehicles regularly block the way in the street.",
            "Cars park anywhere every day when school comes out.",
        ],
    },
    "parking-blocking": {
        "fr": [
            "Une camionnette stationne tous les matins sur la piste cyclable.",
            "Une voiture est garée devant mon garage, je ne peux pas sortir.",
            "Des voitures garées sur le trottoir obligent les poussettes à passer sur la chaussée.",
        ],
        "nl": [
            "Elke ochtend staat er een bestelwagen op het fietspad.",
            "Er staat een auto voor mijn garage geparkeerd; ik kan er niet uit.",
            "Auto's op het voetpad dwingen kinderwagens de rijweg op.",
        ],
        "en": [
            "A van parks on the cycle lane every morning.",
            "A car is parked across my driveway and I cannot get out.",
        ],
    },
    "parking-abandoned": {
        "fr": [
            "Un véhicule sans plaque est à l'arrêt depuis des semaines.",
            "Une voiture aux pneus crevés et aux vitres cassées n'a plus bougé depuis deux mois.",
            "Une camionnette couverte de feuilles mortes stationne au même endroit depuis l'été.",
        ],
        "nl": [
            "Een voertuig zonder nummerplaat staat er al weken.",
            "Een auto met lekke banden en gebroken ruiten heeft al twee maanden niet bewogen.",
            "Een bestelwagen vol dode bladeren staat sinds de zomer op dezelfde plek.",
        ],
        "en": [
            "A car with no number plates has not moved for weeks.",
            "A car with flat tyres and broken windows has been standing here for two months.",
        ],
    },
    "parking-disabled": {
        "fr": [
            "La place pour personnes handicapées devant la pharmacie est occupée chaque jour par la même voiture, sans carte.",
            "Une camionnette de livraison stationne sur l'emplacement réservé devant le centre de santé.",
        ],
        "nl": [
            "De plaats voor personen met een handicap voor de apotheek wordt elke dag ingenomen door dezelfde auto, zonder kaart.",
            "Een leveringswagen staat op de voorbehouden plaats voor het gezondheidscentrum.",
        ],
        "en": [
            "The same car, with no blue badge, takes the disabled bay outside the pharmacy every day.",
            "A delivery van parks in the disabled bay outside the health centre.",
        ],
    },
    "parking-paid-zone": {
        "fr": [
            "Des voitures occupent toute la journée la zone de livraison devant les commerces.",
            "Un véhicule stationne depuis trois jours en zone rouge sans ticket.",
            "La zone de livraison sert de parking aux riverains le soir et le matin.",
        ],
        "nl": [
            "Auto's nemen de hele dag de leveringszone voor de winkels in.",
            "Een voertuig staat al drie dagen zonder ticket in de rode zone.",
            "De leveringszone wordt 's avonds en 's ochtends door buurtbewoners als parking gebruikt.",
        ],
        "en": [
            "Cars take up the loading bay outside the shops all day long.",
            "A car has been parked in the red zone for three days without a ticket.",
        ],
    },
    # Damaged street furniture, chosen without saying which kind.
    "furniture": {
        "fr": [
            "Du mobilier urbain est abîmé dans la rue et personne ne l'a encore réparé.",
            "Plusieurs équipements de la place sont cassés depuis des semaines.",
        ],
        "nl": [
            "Straatmeubilair in de straat is beschadigd en nog niet hersteld.",
            "Verschillende voorzieningen op het plein zijn al weken stuk.",
        ],
        "en": [
            "Street furniture has been damaged and nobody has repaired it yet.",
            "Several fittings on the square have been broken for weeks.",
        ],
    },
    "furniture-bench": {
        "fr": [
            "Le banc de la place est cassé, une planche manque.",
            "Le banc près de l'arrêt de bus a été arraché de son socle.",
            "Les lattes du banc du square sont fendues, on s'y accroche les vêtements.",
        ],
        "nl": [
            "De bank op het plein is stuk; er ontbreekt een plank.",
            "De bank bij de bushalte is van zijn sokkel gerukt.",
            "De latten van de bank op het pleintje zijn gespleten; je blijft er met je kleren aan haken.",
        ],
        "en": [
            "The bench on the square is broken; a plank is missing.",
            "The bench by the bus stop has been torn off its base.",
        ],
    },
    "furniture-bollard": {
        "fr": [
            "Un potelet a été arraché au coin de la rue, c'est dangereux pour les piétons.",
            "La barrière le long du trottoir est tordue et dépasse sur le passage.",
            "Deux potelets couchés par un camion, les voitures montent à nouveau sur le trottoir.",
        ],
        "nl": [
            "Er is een paaltje uitgerukt op de hoek; gevaarlijk voor voetgangers.",
            "Het hek langs het voetpad is verbogen en steekt uit in de doorgang.",
            "Twee paaltjes zijn door een vrachtwagen omvergereden; auto's rijden weer het voetpad op.",
        ],
        "en": [
            "A bollard has been ripped out at the corner; it is dangerous for pedestrians.",
            "The railing along the pavement is bent and sticks out into the way.",
        ],
    },
    "furniture-bin": {
        "fr": [
            "La poubelle publique a été arrachée de son poteau et gît sur le trottoir.",
            "La corbeille de la place a brûlé, il n'en reste que l'armature.",
            "Le couvercle de la poubelle publique est cassé et les pigeons en sortent les déchets.",
        ],
        "nl": [
            "De openbare vuilnisbak is van zijn paal gerukt en ligt op het voetpad.",
            "De vuilnisbak op het plein is uitgebrand; alleen het frame staat er nog.",
            "Het deksel van de openbare vuilnisbak is stuk en de duiven halen het afval eruit.",
        ],
        "en": [
            "The public bin has been torn off its post and is lying on the pavement.",
            "The bin on the square has burnt out; only its frame is left.",
        ],
    },
    "furniture-playground": {
        "fr": [
            "Une balançoire de l'aire de jeux a une chaîne cassée.",
            "Le toboggan a une plaque décollée et des vis qui dépassent.",
            "La clôture de la plaine de jeux est ouverte, les petits peuvent sortir sur la rue.",
        ],
        "nl": [
            "Een schommel in de speeltuin heeft een gebroken ketting.",
            "Van de glijbaan is een plaat losgekomen en er steken schroeven uit.",
            "Het hek van de speeltuin staat open; kleine kinderen lopen zo de straat op.",
        ],
        "en": [
            "One of the playground swings has a broken chain.",
            "A panel of the slide has come loose and screws are sticking out.",
        ],
    },
    "furniture-pavement": {
        "fr": [
            "Plusieurs pavés du trottoir sont soulevés par les racines, une personne âgée est tombée.",
            "Un nid-de-poule profond s'est formé juste avant le passage pour piétons.",
            "Les dalles du trottoir bougent et giclent quand il pleut.",
        ],
        "nl": [
            "Verschillende stenen van het voetpad zijn door de wortels opgetild; een oudere persoon is gevallen.",
            "Vlak voor het zebrapad zit een diepe put in het wegdek.",
            "De tegels van het voetpad liggen los en spatten op als het regent.",
        ],
        "en": [
            "Several paving stones have been lifted by tree roots; an elderly person has fallen.",
            "A deep pothole has opened up just before the zebra crossing.",
        ],
    },
    # Faulty lighting, chosen without saying which kind.
    "lighting": {
        "fr": [
            "L'éclairage public ne fonctionne pas correctement dans la rue.",
            "Problème d'éclairage dans le quartier, c'est dangereux le soir.",
        ],
        "nl": [
            "De openbare verlichting werkt niet goed in de straat.",
            "Er is een probleem met de verlichting in de buurt; 's avonds is het gevaarlijk.",
        ],
        "en": [
            "The street lighting is not working properly in the street.",
            "Something is wrong with the lighting in the neighbourhood; it is dangerous at night.",
        ],
    },
    "lighting-out": {
        "fr": [
            "Le lampadaire devant chez moi ne s'allume plus.",
            "Un lampadaire sur deux est éteint le long du parc.",
            "Le réverbère au coin de la rue est éteint depuis une semaine.",
        ],
        "nl": [
            "De straatlamp voor mijn deur brandt niet meer.",
            "Langs het park brandt een op de twee straatlampen niet.",
            "De lantaarnpaal op de hoek is al een week uit.",
        ],
        "en": [
            "The street light outside my house no longer comes on.",
            "The lamp post on the corner has been out for a week.",
        ],
    },
    "lighting-street": {
        "fr": [
            "Toute la rue est dans le noir depuis hier soir.",
            "Plus aucun lampadaire ne s'allume dans la rue, on ne voit plus le trottoir.",
            "Panne d'éclairage dans toute la rue depuis le week-end.",
        ],
        "nl": [
            "De hele straat is sinds gisteravond donker.",
            "Geen enkele straatlamp in de straat gaat nog aan; je ziet het voetpad niet meer.",
            "Sinds het weekend is de verlichting in de hele straat uitgevallen.",
        ],
        "en": [
            "The whole street has been dark since last night.",
            "None of the street lights come on any more; you cannot see the pavement.",
        ],
    },
    "lighting-day": {
        "fr": [
            "Les lampadaires de la rue restent allumés toute la journée.",
            "L'éclairage public est allumé en plein après-midi depuis plusieurs jours.",
            "Le réverbère devant l'école brûle jour et nuit.",
        ],
        "nl": [
            "De straatlampen in de straat blijven de hele dag branden.",
            "De openbare verlichting brandt al enkele dagen midden in de namiddag.",
            "De lantaarnpaal voor de school brandt dag en nacht.",
        ],
        "en": [
            "The street lights stay on all day long.",
            "The street lighting has been on in the middle of the afternoon for several days.",
        ],
    },
    "lighting-damaged": {
        "fr": [
            "Un poteau d'éclairage a été percuté par une voiture et penche au-dessus du trottoir.",
            "La trappe au pied du lampadaire est ouverte, on voit les câbles électriques.",
            "Des fils pendent du lampadaire depuis la tempête.",
        ],
        "nl": [
            "Een lichtmast is door een auto aangereden en helt over het voetpad.",
            "Het luikje onderaan de straatlamp staat open; je ziet de elektriciteitskabels.",
            "Sinds de storm hangen er draden uit de straatlamp.",
        ],
        "en": [
            "A lamp post was hit by a car and now leans over the pavement.",
            "The hatch at the foot of the street light is open and the wires are exposed.",
        ],
    },
    # Tags, chosen without saying where.
    "tags": {
        "fr": [
            "Des tags sont apparus sur plusieurs murs de la rue.",
            "Des graffitis à enlever au coin de la rue.",
        ],
        "nl": [
            "Op verschillende muren in de straat zijn tags verschenen.",
            "Graffiti op de hoek van de straat die weg moeten.",
        ],
        "en": [
            "Tags have appeared on several walls in the street.",
            "Graffiti on the street corner that needs removing.",
        ],
    },
    "tags-private": {
        "fr": [
            "Notre façade a été taguée cette nuit, nous voudrions la faire nettoyer.",
            "La porte de garage de la maison est couverte de tags.",
            "La vitrine du commerce est couverte de tags.",
        ],
        "nl": [
            "Onze gevel is vannacht beklad; we willen hem graag laten reinigen.",
            "De garagepoort van het huis zit vol tags.",
            "De etalage van de winkel zit vol tags.",
        ],
        "en": [
            "Our house front was tagged last night and we would like it cleaned.",
            "The shop window is covered in tags.",
        ],
    },
    "tags-public": {
        "fr": [
            "De nouveaux tags sur la façade de l'école.",
            "L'abribus du carrefour est couvert de tags.",
            "Les murs de la salle de sport communale sont couverts de graffitis.",
        ],
        "nl": [
            "Nieuwe tags op de gevel van de school.",
            "Het bushokje op het kruispunt zit vol tags.",
            "De muren van de gemeentelijke sporthal zitten vol graffiti.",
        ],
        "en": [
            "New tags on the school's facade.",
            "The bus shelter at the junction is covered in tags.",
        ],
    },
    "tags-offensive": {
        "fr": [
            "Un tag raciste a été peint sur le mur près de la mosquée.",
            "Une inscription injurieuse visant une voisine sur la porte de l'immeuble.",
            "Un tag homophobe sur le mur du parc, à côté de l'entrée de l'école.",
        ],
        "nl": [
            "Er is een racistische tag geschilderd op de muur bij de moskee.",
            "Een beledigend opschrift over een buurvrouw op de deur van het gebouw.",
            "Een homofobe tag op de parkmuur, naast de ingang van de school.",
        ],
        "en": [
            "A racist tag has been painted on the wall near the mosque.",
            "An insulting message about a neighbour written on the building's door.",
        ],
    },
    "other": {
        "fr": [
            "Un arbre penche dangereusement au-dessus de la rue.",
            "Une plaque d'égout bouge au passage des voitures.",
            "Des rats sortent régulièrement de la grille d'égout près de la boulangerie.",
        ],
        "nl": [
            "Een boom helt gevaarlijk over de straat.",
            "Een rioolputdeksel klappert als er auto's over rijden.",
            "Bij de bakkerij komen regelmatig ratten uit het rioolrooster.",
        ],
        "en": [
            "A tree leans dangerously over the street.",
            "A manhole cover rattles whenever cars drive over it.",
            "Rats keep coming out of the drain near the bakery.",
        ],
    },
}  # fmt: skip

# Status -> language -> what staff tell the resident when the report reaches it.
PUBLIC_MESSAGES: dict[str, dict[str, list[str]]] = {
    Status.REJECTED: {
        "fr": [
            "Ce signalement ne relève pas de nos services. L'antenne LISA de votre quartier peut vous orienter.",
            "Nous sommes passés sur place et n'avons pas constaté le problème décrit.",
        ],
        "nl": [
            "Deze melding valt niet onder onze diensten. De LISA-antenne van uw wijk kan u doorverwijzen.",
            "We zijn ter plaatse geweest en hebben het beschreven probleem niet vastgesteld.",
        ],
        "en": [
            "This is not something our services deal with. The LISA office of your neighbourhood can tell you who does.",
            "We went to the place and did not find the problem you described.",
        ],
    },
    Status.RESOLVED: {
        "fr": [
            "Le problème a été traité. Merci pour votre signalement.",
            "Nos équipes sont intervenues sur place. Merci de nous avoir prévenus.",
        ],
        "nl": [
            "Het probleem is opgelost. Bedankt voor uw melding.",
            "Onze ploegen zijn ter plaatse tussengekomen. Bedankt om ons te verwittigen.",
        ],
        "en": [
            "The problem has been dealt with. Thank you for your report.",
            "Our team has been on site. Thank you for letting us know.",
        ],
    },
    Status.REOPENED: {
        "fr": ["Vous nous avez signalé que le problème persiste : nous reprenons votre signalement."],
        "nl": ["U liet ons weten dat het probleem blijft bestaan: we nemen uw melding opnieuw op."],
        "en": ["You told us the problem is still there, so we have taken your report up again."],
    },
}  # fmt: skip

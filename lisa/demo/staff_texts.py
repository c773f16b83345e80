"""What demo staff write to one another and ask residents, and what residents answer.

Demo data, like texts.py: an internal note is in its author's language, a question in the
resident's. Each text belongs to a category (looked up from the report's own category up to
its parent) and says nothing that belongs to another.
"""

from __future__ import annotations

from lisa.offices.models import VisitTopic

Texts = dict[str, dict[str, list[str]]]  # category code -> language -> texts

# Police-only notes, by the officers of the zone handling the report.
POLICE_NOTES: Texts = {
    "noise-night": {
        "fr": [
            "Patrouille passée vers 23 h : musique audible depuis la rue, occupants avertis.",
            "Adresse déjà signalée pour tapage nocturne le mois passé ; à surveiller le week-end.",
            "Pas de bruit constaté lors du passage de 1 h ; repasser vendredi soir.",
        ],
        "nl": [
            "Patrouille rond 23 uur: muziek hoorbaar vanaf de straat, bewoners verwittigd.",
            "Adres vorige maand al gemeld voor nachtlawaai; in het weekend in het oog houden.",
            "Geen lawaai vastgesteld bij de doortocht om 1 uur; vrijdagavond opnieuw langsgaan.",
        ],
    },
    "neighbourhood-gathering": {
        "fr": [
            "Groupe connu de l'agent de quartier ; passages renforcés en soirée cette semaine.",
            "Contrôle vers 22 h : une dizaine de jeunes, calmes à notre arrivée, rien à signaler.",
            "À croiser avec les travailleurs de rue avant la réunion de partenariat.",
        ],
        "nl": [
            "Groep gekend bij de wijkagent; deze week 's avonds vaker langsgaan.",
            "Controle rond 22 uur: een tiental jongeren, rustig bij onze aankomst, niets te melden.",
            "Afstemmen met de straathoekwerkers vóór het partnerschapsoverleg.",
        ],
    },
    "traffic-speeding": {
        "fr": [
            "Contrôle radar prévu aux heures d'entrée de l'école la semaine prochaine.",
            "Radar préventif installé cinq jours : 18 % des véhicules au-dessus de 30 km/h.",
        ],
        "nl": [
            "Snelheidscontrole gepland tijdens de schooluren volgende week.",
            "Preventieve flitspaal vijf dagen geplaatst: 18 % van de voertuigen boven 30 km/u.",
        ],
    },
    "parking-abandoned": {
        "fr": [
            "Véhicule sans plaque avant, pas signalé volé. Avis d'enlèvement apposé.",
            "Propriétaire identifié et contacté ; délai de huit jours pour enlever le véhicule.",
        ],
        "nl": [
            "Voertuig zonder voorste nummerplaat, niet gesignaleerd als gestolen. Kennisgeving van takeling aangebracht.",
            "Eigenaar geïdentificeerd en gecontacteerd; acht dagen om het voertuig weg te halen.",
        ],
    },
    "parking": {
        "fr": [
            "Passage de la patrouille : deux véhicules verbalisés, le passage est dégagé.",
            "Problème récurrent aux heures de livraison ; contrôles ciblés entre 7 h et 9 h.",
            "Rien constaté lors du passage ; à revoir avec l'agent de quartier.",
        ],
        "nl": [
            "Doortocht van de patrouille: twee voertuigen beboet, de doorgang is vrij.",
            "Terugkerend probleem tijdens de leveringsuren; gerichte controles tussen 7 en 9 uur.",
            "Niets vastgesteld bij de doortocht; bekijken met de wijkagent.",
        ],
    },
}

# Notes of a cleanliness service to its own staff (municipal service or Bruxelles-Propreté).
CLEANLINESS_NOTES: Texts = {
    "dumping-bulky": {
        "fr": [
            "Enlèvement prévu jeudi avec la camionnette encombrants.",
            "Frigo : à enlever séparément (gaz réfrigérant), prévenir l'équipe.",
            "Déjà le troisième dépôt à cet endroit ce mois-ci ; demander une caméra mobile.",
        ],
        "nl": [
            "Ophaling gepland donderdag met de grofvuilbestelwagen.",
            "Koelkast: apart ophalen (koelgas), de ploeg verwittigen.",
            "Al het derde sluikstort op deze plek deze maand; een mobiele camera aanvragen.",
        ],
    },
    "dumping-construction": {
        "fr": [
            "Gravats : prévoir le camion-grue, trop lourd pour la camionnette.",
            "Chantier repéré deux maisons plus loin ; passer le dossier au service des amendes.",
        ],
        "nl": [
            "Bouwpuin: de kraanwagen inplannen, te zwaar voor de bestelwagen.",
            "Werf twee huizen verder gevonden; het dossier doorgeven aan de dienst GAS-boetes.",
        ],
    },
    "dumping-hazardous": {
        "fr": [
            "Produits dangereux : intervention avec gants et conteneur spécial, ne pas laisser au dépôt.",
            "Seringues ramassées avec le conteneur à aiguilles ; prévenir le service de prévention.",
        ],
        "nl": [
            "Gevaarlijke producten: tussenkomst met handschoenen en speciale container, niet in het depot laten.",
            "Spuiten opgeraapt met de naaldcontainer; de preventiedienst verwittigen.",
        ],
    },
    "dumping-litter": {
        "fr": [
            "Vidage des corbeilles de la placette ajouté à la tournée du lundi.",
            "Balayage prévu après le marché ; demander une corbeille plus grande.",
        ],
        "nl": [
            "Lediging van de vuilnisbakken op het pleintje toegevoegd aan de maandagronde.",
            "Vegen gepland na de markt; een grotere vuilnisbak aanvragen.",
        ],
    },
    "dumping": {
        "fr": [
            "Passage prévu demain matin, premier arrêt de la tournée.",
            "Sacs fouillés : une adresse trouvée, transmise pour une amende administrative.",
            "Point noir connu, à inscrire au circuit de nettoyage hebdomadaire.",
        ],
        "nl": [
            "Doortocht gepland morgenochtend, eerste halte van de ronde.",
            "Zakken doorzocht: een adres gevonden, doorgegeven voor een administratieve boete.",
            "Gekend zwart punt, op te nemen in de wekelijkse reinigingsronde.",
        ],
    },
    "furniture-bin": {
        "fr": [
            "Corbeille à remplacer : commande passée au magasin, livraison sous dix jours.",
            "Vidage ajouté à la tournée du lundi et du vendredi.",
        ],
        "nl": [
            "Vuilnisbak te vervangen: bestelling geplaatst bij het magazijn, levering binnen tien dagen.",
            "Lediging toegevoegd aan de ronde van maandag en vrijdag.",
        ],
    },
    "tags-offensive": {
        "fr": [
            "Tag injurieux : à effacer en priorité, avant la fin de la semaine.",
            "Photo prise avant effacement pour la plainte éventuelle.",
        ],
        "nl": [
            "Beledigende tag: voorrang geven, vóór het einde van de week verwijderen.",
            "Foto genomen vóór het verwijderen, voor een eventuele klacht.",
        ],
    },
    "tags-private": {
        "fr": [
            "Façade privée : envoyer au propriétaire le formulaire d'accord pour l'effacement gratuit.",
            "Accord du propriétaire reçu ; nettoyage haute pression planifié.",
        ],
        "nl": [
            "Privégevel: de eigenaar het toestemmingsformulier voor de gratis verwijdering sturen.",
            "Toestemming van de eigenaar ontvangen; hogedrukreiniging ingepland.",
        ],
    },
    "tags": {
        "fr": [
            "Nettoyage haute pression planifié mardi ; surface poreuse, prévoir l'anti-graffiti.",
            "Trop haut pour l'équipe : réserver la nacelle.",
        ],
        "nl": [
            "Hogedrukreiniging gepland dinsdag; poreus oppervlak, antigraffiti voorzien.",
            "Te hoog voor de ploeg: de hoogwerker reserveren.",
        ],
    },
}

# Notes the office's coordinator shares with the office's partners.
COORDINATOR_NOTES: Texts = {
    "dumping": {
        "fr": [
            "Adresse revenue trois fois ce trimestre : à mettre à l'ordre du jour de la réunion de partenariat.",
            "Proposer une action de sensibilisation avec les gardiens de la paix dans cette rue.",
        ],
        "nl": [
            "Adres dit kwartaal drie keer gemeld: op de agenda van het partnerschapsoverleg zetten.",
            "Een sensibiliseringsactie met de gemeenschapswachten in deze straat voorstellen.",
        ],
    },
    "neighbourhood": {
        "fr": [
            "Situation suivie par le service de médiation ; ne pas recontacter les voisins sans nous prévenir.",
            "À discuter jeudi à la réunion de l'antenne avec la police et le Foyer.",
        ],
        "nl": [
            "Situatie opgevolgd door de bemiddelingsdienst; de buren niet opnieuw contacteren zonder ons te verwittigen.",
            "Donderdag bespreken op het overleg van de antenne met de politie en de huisvestingsmaatschappij.",
        ],
    },
    "noise": {
        "fr": [
            "Plusieurs plaintes dans le même îlot : proposer une rencontre entre voisins à l'antenne.",
            "Le plaignant est passé à l'antenne ; il accepte une médiation.",
        ],
        "nl": [
            "Verschillende klachten in hetzelfde bouwblok: een buurtgesprek in de antenne voorstellen.",
            "De melder is langsgekomen in de antenne; hij aanvaardt een bemiddeling.",
        ],
    },
    "traffic": {
        "fr": [
            "Demande déjà portée au plan communal de mobilité ; informer le riverain du calendrier.",
            "À relayer à l'école voisine pour la prochaine réunion des parents.",
        ],
        "nl": [
            "Vraag al opgenomen in het gemeentelijk mobiliteitsplan; de buurtbewoner informeren over de planning.",
            "Doorgeven aan de school in de buurt voor het volgende oudercontact.",
        ],
    },
    "parking": {
        "fr": [
            "Rue signalée plusieurs fois : demander des contrôles ciblés à la zone de police.",
        ],
        "nl": [
            "Straat meermaals gemeld: gerichte controles vragen aan de politiezone.",
        ],
    },
    "furniture": {
        "fr": [
            "Mobilier abîmé près de l'école : à signaler aussi à la direction.",
            "Réparation demandée avant la fête de quartier du mois prochain.",
        ],
        "nl": [
            "Beschadigd straatmeubilair bij de school: ook aan de directie melden.",
            "Herstelling gevraagd vóór het buurtfeest van volgende maand.",
        ],
    },
    "lighting": {
        "fr": [
            "Rue sombre déjà citée dans la marche exploratoire de l'an dernier : suivre de près.",
        ],
        "nl": [
            "Donkere straat, al vermeld tijdens de verkenningswandeling van vorig jaar: van dichtbij opvolgen.",
        ],
    },
    "tags": {
        "fr": [
            "Proposer le mur à la fresque participative de la maison de quartier.",
        ],
        "nl": [
            "De muur voorstellen voor het participatieve muurschilderingsproject van het buurthuis.",
        ],
    },
    "other": {
        "fr": [
            "Pas clair à qui cela revient : je vois avec les travaux publics et je reviens vers vous.",
        ],
        "nl": [
            "Niet duidelijk wie hiervoor bevoegd is: ik bekijk het met openbare werken en kom erop terug.",
        ],
    },
}

# Notes a desk agent shares with the office's partners on a report they registered.
DESK_NOTES: Texts = {
    "dumping": {
        "fr": ["Le résident est repassé au guichet : le dépôt est toujours là."],
        "nl": ["De bewoner kwam opnieuw langs aan het loket: het sluikstort ligt er nog."],
    },
    "neighbourhood": {
        "fr": ["La personne préfère être recontactée par téléphone, en fin de journée."],
        "nl": ["De persoon wordt liever 's avonds telefonisch gecontacteerd."],
    },
    "noise": {
        "fr": ["Le résident a rappelé : le bruit a repris ce week-end."],
        "nl": ["De bewoner belde terug: het lawaai is dit weekend opnieuw begonnen."],
    },
    "lighting": {
        "fr": ["Le résident a rappelé : le lampadaire est toujours éteint."],
        "nl": ["De bewoner belde terug: de lantaarnpaal brandt nog altijd niet."],
    },
    "furniture": {
        "fr": ["Le résident est repassé : rien n'a bougé depuis son signalement."],
        "nl": ["De bewoner kwam opnieuw langs: er is niets veranderd sinds de melding."],
    },
    "parking": {
        "fr": ["Le résident signale que la voiture est toujours là."],
        "nl": ["De bewoner meldt dat de auto er nog altijd staat."],
    },
    "traffic": {
        "fr": ["Le résident est repassé avec une pétition de la rue."],
        "nl": ["De bewoner kwam opnieuw langs met een petitie van de straat."],
    },
    "tags": {
        "fr": ["Le commerçant demande quand le nettoyage aura lieu."],
        "nl": ["De handelaar vraagt wanneer de reiniging gebeurt."],
    },
    "other": {
        "fr": ["Le résident est repassé au guichet pour savoir où en est sa demande."],
        "nl": [
            "De bewoner kwam opnieuw langs aan het loket om te vragen hoe het met de melding staat."
        ],
    },
}

# Notes of the other partners, to their own organisation (housing company, CPAS, prevention,
# public works).
HOUSING_NOTES: Texts = {
    "neighbourhood": {
        "fr": [
            "Le concierge confirme ; réparation demandée au service technique.",
            "Locataires reçus séparément au bureau du Foyer ; rappel du règlement d'ordre intérieur.",
        ],
        "nl": [
            "De conciërge bevestigt; herstelling gevraagd aan de technische dienst.",
            "Huurders afzonderlijk ontvangen op het kantoor; herinnering aan het huishoudelijk reglement.",
        ],
    },
}
CPAS_NOTES: Texts = {
    "neighbourhood-distress": {
        "fr": [
            "Visite de l'assistante sociale de quartier prévue cette semaine.",
            "Personne connue du service ; dossier suivi par l'antenne sociale du quartier.",
        ],
        "nl": [
            "Bezoek van de maatschappelijk werker van de wijk deze week gepland.",
            "Persoon gekend bij de dienst; dossier opgevolgd door de sociale antenne van de wijk.",
        ],
    },
    "neighbourhood": {
        "fr": [
            "Pas de dossier ouvert chez nous ; on propose un rendez-vous à la permanence sociale."
        ],
        "nl": ["Geen dossier bij ons; we stellen een afspraak op de sociale permanentie voor."],
    },
}
PEACEKEEPER_NOTES: Texts = {
    "neighbourhood": {
        "fr": [
            "Passé dans la rue avec un collègue : les voisins acceptent d'en parler à l'antenne.",
            "Contact pris avec les deux parties ; rencontre proposée mercredi après-midi.",
        ],
        "nl": [
            "Met een collega door de straat gegaan: de buren willen erover praten in de antenne.",
            "Contact opgenomen met beide partijen; gesprek voorgesteld op woensdagnamiddag.",
        ],
    },
    "noise": {
        "fr": [
            "Passé en journée : le voisin dit ne pas se rendre compte du bruit ; médiation proposée.",
            "Flyer « bien vivre ensemble » déposé dans les boîtes de l'immeuble.",
        ],
        "nl": [
            "Overdag langsgegaan: de buurman zegt het lawaai niet te beseffen; bemiddeling voorgesteld.",
            "Flyer 'goed samenleven' in de brievenbussen van het gebouw gestoken.",
        ],
    },
    "other": {
        "fr": [
            "Constaté sur place lors de la tournée ; photo prise, transmis aux travaux publics."
        ],
        "nl": [
            "Ter plaatse vastgesteld tijdens de ronde; foto genomen, doorgegeven aan openbare werken."
        ],
    },
}
WORKS_NOTES: Texts = {
    "furniture": {
        "fr": [
            "Pièce commandée chez le fournisseur ; pose prévue dans deux semaines.",
            "Zone balisée en attendant la réparation.",
        ],
        "nl": [
            "Onderdeel besteld bij de leverancier; plaatsing over twee weken gepland.",
            "Zone afgebakend in afwachting van de herstelling.",
        ],
    },
    "traffic": {
        "fr": [
            "Panneau à remplacer : en stock, équipe signalisation prévue vendredi.",
            "Marquage à refaire, à grouper avec le chantier de la rue voisine.",
        ],
        "nl": [
            "Bord te vervangen: in voorraad, signalisatieploeg gepland vrijdag.",
            "Markering opnieuw aan te brengen, te combineren met de werf in de straat ernaast.",
        ],
    },
}

# Questions staff ask residents, in the resident's language, each with answers that fit it.
QUESTIONS: dict[str, dict[str, list[tuple[str, list[str]]]]] = {
    "dumping-litter": {
        "fr": [
            ("La corbeille déborde-t-elle, ou les déchets sont-ils éparpillés autour ?", ["La corbeille déborde, elle n'a pas été vidée depuis lundi.", "Les deux : elle est pleine et le vent éparpille tout."]),
        ],
        "nl": [
            ("Puilt de vuilnisbak uit, of ligt het afval er rondom verspreid?", ["De vuilnisbak puilt uit, hij is sinds maandag niet geleegd.", "Allebei: hij zit vol en de wind blaast alles weg."]),
        ],
        "en": [
            ("Is the bin overflowing, or is the rubbish scattered around it?", ["Both: it is full and the wind blows everything about."]),
        ],
    },
    "dumping": {
        "fr": [
            ("Pouvez-vous préciser devant quel numéro se trouve le dépôt ?", ["Devant le 14, contre le mur.", "Entre le 22 et le 24, côté impair."]),
            ("Le dépôt est-il sur le trottoir ou sur un terrain privé ?", ["Sur le trottoir, il gêne le passage.", "Sur le trottoir, au pied de l'arbre."]),
        ],
        "nl": [
            ("Kunt u zeggen voor welk huisnummer het sluikstort ligt?", ["Voor nummer 14, tegen de muur.", "Tussen 22 en 24, aan de oneven kant."]),
            ("Ligt het sluikstort op het voetpad of op privéterrein?", ["Op het voetpad, het belemmert de doorgang.", "Op het voetpad, aan de voet van de boom."]),
        ],
        "en": [
            ("Could you tell us in front of which house number the rubbish is?", ["In front of number 14, against the wall."]),
            ("Is it on the pavement or on private land?", ["On the pavement, it is in the way."]),
        ],
    },
    "lighting": {
        "fr": [
            ("Le mât porte-t-il un numéro (une petite plaque) ? Cela nous aide à le trouver.", ["Oui : 4521-07.", "Je n'en vois pas, c'est celui en face de la pharmacie."]),
        ],
        "nl": [
            ("Staat er een nummer op de paal (een klein plaatje)? Dat helpt ons hem te vinden.", ["Ja: 4521-07.", "Ik zie er geen, het is die tegenover de apotheek."]),
        ],
        "en": [
            ("Does the lamp post have a number on a small plate? It helps us find it.", ["Yes: 4521-07."]),
        ],
    },
    "noise-neighbours": {
        "fr": [
            ("Seriez-vous d'accord de rencontrer votre voisin avec un médiateur, à l'antenne ?", ["Oui, plutôt en fin de journée.", "Oui, si le voisin vient aussi."]),
            ("À quels jours et à quelles heures le bruit est-il le plus fort ?", ["Tous les soirs vers minuit.", "Le week-end, toute la journée."]),
        ],
        "nl": [
            ("Bent u bereid uw buur samen met een bemiddelaar te ontmoeten in de antenne?", ["Ja, liefst op het einde van de dag.", "Ja, als de buurman ook komt."]),
            ("Op welke dagen en uren is het lawaai het ergst?", ["Elke avond rond middernacht.", "In het weekend, de hele dag."]),
        ],
        "en": [
            ("Would you agree to meet your neighbour with a mediator at the LISA office?", ["Yes, preferably late in the day."]),
        ],
    },
    "noise": {
        "fr": [
            ("À quels jours et à quelles heures le bruit est-il le plus fort ?", ["Surtout le vendredi et le samedi, de 23 h à 3 h.", "Tous les soirs vers minuit."]),
        ],
        "nl": [
            ("Op welke dagen en uren is het lawaai het ergst?", ["Vooral op vrijdag en zaterdag, van 23 tot 3 uur.", "Elke avond rond middernacht."]),
        ],
        "en": [
            ("On which days and at what times is the noise worst?", ["Mostly Fridays and Saturdays, from 11 pm to 3 am."]),
        ],
    },
    "neighbourhood-housing-estate": {
        "fr": [
            ("Pouvez-vous nous dire de quelle entrée (numéro) et de quel étage il s'agit ?", ["L'entrée du numéro 12, tout l'immeuble est concerné.", "Entrée 8, troisième étage."]),
        ],
        "nl": [
            ("Kunt u ons zeggen om welke ingang (nummer) en welke verdieping het gaat?", ["De ingang van nummer 12, het hele gebouw.", "Ingang 8, derde verdieping."]),
        ],
        "en": [
            ("Could you tell us which entrance (number) and which floor it is?", ["Entrance 8, third floor."]),
        ],
    },
    "neighbourhood-distress": {
        "fr": [
            ("Savez-vous si quelqu'un passe voir cette personne (famille, voisin, aide familiale) ?", ["Je crois qu'une fille passe le dimanche.", "Personne, à ma connaissance."]),
        ],
        "nl": [
            ("Weet u of iemand bij deze persoon langsgaat (familie, een buur, een gezinshulp)?", ["Ik denk dat een dochter op zondag langskomt.", "Niemand, voor zover ik weet."]),
        ],
        "en": [
            ("Do you know whether anyone looks in on this person (family, a neighbour, a home help)?", ["Nobody, as far as I know."]),
        ],
    },
    "neighbourhood-gathering": {
        "fr": [
            ("À quelles heures les groupes se rassemblent-ils le plus souvent ?", ["Le soir, de 21 h à minuit.", "L'après-midi après l'école, et le soir."]),
        ],
        "nl": [
            ("Op welke uren komen de groepen het vaakst samen?", ["'s Avonds, van 21 uur tot middernacht.", "Na school en 's avonds."]),
        ],
        "en": [
            ("At what times do the groups gather most often?", ["In the evening, from 9 pm to midnight."]),
        ],
    },
    "neighbourhood": {
        "fr": [
            ("Seriez-vous d'accord de rencontrer un médiateur à l'antenne ?", ["Oui, le mercredi après-midi m'arrange.", "Oui, mais je ne veux pas que mon nom soit cité."]),
            ("Depuis quand la situation dure-t-elle ?", ["Depuis l'été, et c'est de pire en pire.", "Depuis deux mois environ."]),
        ],
        "nl": [
            ("Bent u bereid een bemiddelaar te ontmoeten in de antenne?", ["Ja, woensdagnamiddag past mij.", "Ja, maar ik wil niet dat mijn naam genoemd wordt."]),
            ("Sinds wanneer duurt de situatie?", ["Sinds de zomer, en het wordt erger.", "Sinds ongeveer twee maanden."]),
        ],
        "en": [
            ("Would you agree to meet a mediator at the LISA office?", ["Yes, Wednesday afternoons suit me."]),
        ],
    },
    "parking": {
        "fr": [
            ("Le véhicule est-il toujours là ? Pouvez-vous nous dire sa couleur et sa marque ?", ["Oui, une camionnette blanche, une Ford.", "Il est parti ce matin."]),
        ],
        "nl": [
            ("Staat het voertuig er nog? Kunt u ons de kleur en het merk zeggen?", ["Ja, een witte bestelwagen, een Ford.", "Hij is vanochtend vertrokken."]),
        ],
        "en": [
            ("Is the vehicle still there? What colour and make is it?", ["Yes, a white Ford van."]),
        ],
    },
    "traffic-signs": {
        "fr": [
            ("Le panneau est-il tombé, tourné ou devenu illisible ?", ["Il a été tourné, il ne fait plus face aux voitures.", "Il est tombé, il est couché sur le trottoir."]),
        ],
        "nl": [
            ("Is het bord omgevallen, gedraaid of onleesbaar geworden?", ["Het is gedraaid en staat niet meer naar de auto's.", "Het is omgevallen en ligt op het voetpad."]),
        ],
        "en": [
            ("Has the sign fallen, been turned round or become unreadable?", ["It has been turned and no longer faces the traffic."]),
        ],
    },
    "traffic-lights": {
        "fr": [
            ("Les feux sont-ils éteints, ou restent-ils bloqués sur une couleur ?", ["Ils clignotent à l'orange depuis ce matin.", "Complètement éteints dans les deux sens."]),
        ],
        "nl": [
            ("Zijn de lichten uit, of blijven ze op één kleur staan?", ["Ze knipperen oranje sinds vanochtend.", "Helemaal uit, in beide richtingen."]),
        ],
        "en": [
            ("Are the lights out, or stuck on one colour?", ["They have been flashing amber since this morning."]),
        ],
    },
    "traffic": {
        "fr": [
            ("À quels moments de la journée le problème est-il le plus visible ?", ["Le matin, à l'entrée de l'école.", "Le soir, entre 17 h et 19 h."]),
        ],
        "nl": [
            ("Op welke momenten van de dag is het probleem het duidelijkst?", ["'s Morgens, als de school begint.", "'s Avonds, tussen 17 en 19 uur."]),
        ],
        "en": [
            ("At what times of day is the problem most visible?", ["In the morning, when school starts."]),
        ],
    },
    "furniture-bin": {
        "fr": [
            ("La poubelle est-elle abîmée, ou seulement pleine ?", ["Le couvercle est arraché et elle est pleine.", "Elle est renversée, le pied est cassé."]),
        ],
        "nl": [
            ("Is de vuilnisbak beschadigd, of alleen vol?", ["Het deksel is eraf gerukt en hij zit vol.", "Hij is omvergeduwd, de voet is gebroken."]),
        ],
        "en": [
            ("Is the bin damaged, or only full?", ["The lid has been torn off and it is full."]),
        ],
    },
    "furniture": {
        "fr": [
            ("Y a-t-il un danger immédiat (pièce coupante, objet qui peut tomber) ?", ["Oui, une barre métallique dépasse.", "Non, mais c'est inutilisable."]),
        ],
        "nl": [
            ("Is er onmiddellijk gevaar (scherpe delen, iets dat kan vallen)?", ["Ja, er steekt een metalen staaf uit.", "Nee, maar het is onbruikbaar."]),
        ],
        "en": [
            ("Is there any immediate danger (sharp edges, something that could fall)?", ["Yes, a metal bar is sticking out."]),
        ],
    },
    "tags": {
        "fr": [
            ("Le tag est-il sur un bâtiment public ou sur une façade privée ?", ["Sur la façade de notre maison, nous sommes propriétaires.", "Sur le mur de l'école."]),
        ],
        "nl": [
            ("Staat de tag op een openbaar gebouw of op een privégevel?", ["Op de gevel van ons huis, we zijn eigenaar.", "Op de muur van de school."]),
        ],
        "en": [
            ("Is the tag on a public building or on a private house front?", ["On our house, we own it."]),
        ],
    },
}  # fmt: skip

# Where desk agents send visitors who do not come with a report, by topic: the kind and service
# of the organisation competent at the office (or an organisation's code), and what the agent
# notes, in their language.
REFERRALS: dict[str, list[tuple[str, dict[str, str]]]] = {
    VisitTopic.SOCIAL: [
        (
            "cpas/social",
            {
                "fr": "Permanence sociale du CPAS, sans rendez-vous le matin",
                "nl": "Sociale permanentie van het OCMW, 's ochtends zonder afspraak",
            },
        ),
        (
            "cpas/social",
            {
                "fr": "Demande d'aide pour une facture d'énergie",
                "nl": "Vraag om hulp bij een energiefactuur",
            },
        ),
    ],
    VisitTopic.HOUSING: [
        (
            "social_housing/housing",
            {
                "fr": "Problème dans le logement : bureau du propriétaire social",
                "nl": "Probleem in de woning: kantoor van de sociale verhuurder",
            },
        ),
        (
            "slrb-bghm",
            {
                "fr": "Inscription sur la liste d'attente d'un logement social",
                "nl": "Inschrijving op de wachtlijst voor een sociale woning",
            },
        ),
    ],
    VisitTopic.CLEANLINESS: [
        (
            "municipal_service/cleanliness",
            {
                "fr": "Enlèvement d'encombrants sur rendez-vous",
                "nl": "Ophaling van grofvuil op afspraak",
            },
        ),
        (
            "bruxelles-proprete",
            {"fr": "Horaires du parc à conteneurs", "nl": "Openingsuren van het containerpark"},
        ),
    ],
    VisitTopic.SAFETY: [
        (
            "police_zone/police",
            {"fr": "Rendez-vous avec l'agent de quartier", "nl": "Afspraak met de wijkagent"},
        ),
        (
            "prevention_service/prevention",
            {
                "fr": "Conseils de technoprévention (serrures, vélo)",
                "nl": "Technopreventief advies (sloten, fiets)",
            },
        ),
    ],
    VisitTopic.NEIGHBOURHOOD: [
        (
            "prevention_service/prevention",
            {"fr": "Service de médiation locale", "nl": "Dienst buurtbemiddeling"},
        ),
    ],
    VisitTopic.MOBILITY: [
        ("parking-brussels", {"fr": "Carte de riverain", "nl": "Bewonerskaart"}),
        (
            "municipal_service/public_works",
            {"fr": "Demande de ralentisseur", "nl": "Aanvraag voor een verkeersdrempel"},
        ),
    ],
    VisitTopic.ADMINISTRATIVE: [
        (
            "",
            {
                "fr": "Guichet population de la maison communale",
                "nl": "Loket bevolking van het gemeentehuis",
            },
        ),
        (
            "",
            {
                "fr": "Aide pour remplir un formulaire en ligne",
                "nl": "Hulp bij het invullen van een onlineformulier",
            },
        ),
    ],
    VisitTopic.INFORMATION: [
        ("", {"fr": "Activités de la maison de quartier", "nl": "Activiteiten van het buurthuis"}),
        ("", {"fr": "", "nl": ""}),
    ],
}

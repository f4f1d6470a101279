"""Phrases that suggest risk, per language and category, and harmless idioms to ignore.

Written as people type them; `normalise()` folds every phrase at import exactly as it folds a
message (case, accents, harakat, letter variants, repeated letters, apostrophes), so write the
natural spelling and add only the variants folding cannot reach. Two shorthands:

- ``{a,b,}`` lists alternatives (an empty one means "leave it out");
- ``*`` ending a word allows any ending (``suicid*``: suicide, suicidal).

Alphabetic phrases match whole words; Arabic-script phrases also match with the words joined
or split and after the prefixes و ف ب ل ك س ال; Ge'ez phrases match inside longer words.
HARMLESS idioms are blanked out of a message before the risk phrases are looked for.

NOT YET REVIEWED BY FLUENT SPEAKERS. The non-English lists were written from dictionaries and
common usage; partner organisations should check every language before relying on them.
"""

PHRASES: dict[str, dict[str, list[str]]] = {
    "en": {
        "suicide": [
            "suicid*",
            "{kill,killing} {myself,my self}",
            "{end,ending} my {own,} life",
            "{end,ending} it all",
            "{take,taking} my own life",
            "{want,wanna,wish,planning,ready} to die",
            "wanna die",
            "wish i {was,were} dead",
            "better off {dead,without me}",
            "{rather be,id rather be} dead",
            "id rather die",
            "{cant,can not,cannot} go on",
            "{no reason,nothing} to live for",
            "no reason to live",
            "no point {in,} living",
            "{dont,do not} want to {live,be alive,exist,wake up}",
            "{dont,do not} want to be here anymore",
            "{not,isnt,is not} worth living",
            "{hang,hanging} myself",
            "overdos*",
            "{take,took,taking,swallow,swallowed} all {my,the,of my,of the} {pills,tablets} "
            "{at once,together}",
            "{swallow,swallowed} all {my,the} {pills,tablets}",
            "jump {off,from} {a,the} {bridge,roof,building}",
            "jump in front of a {train,bus,car}",
            "unalive*",
            "{cut,slit,slash,cutting,slitting} my wrist*",
            "want {it all,everything} to end",
        ],
        "self_harm": [
            "self {harm,harming,harmed,injury,injuring}",
            "selfharm*",
            "{cut,cutting} {myself,my self}",
            "{cut,cutting} my {arm,arms,legs,skin,thighs}",
            "{want,wanna,going,urge} to hurt myself",
            "{keep,been,am,im} hurting myself",
            "hurting myself",
            "{harm,harming,burn,burning} myself",
        ],
        "danger": [
            "{going to,gonna,will,wants to,want to,trying to,tried to,threatened to,"
            "threatening to,threatens to} kill {me,us}",
            "{going to,gonna,wants to,want to,trying to,tried to,threatened to,threatening to,"
            "threatens to} hurt {me,us}",
            "{he,she,they,someone,somebody} {is,are,} hurting me",
            "{hes,shes,theyre} hurting me",
            "{he,she,they,someone,husband,wife,partner,boyfriend,father,brother,uncle} "
            "{hits,beats,is hitting,is beating,keeps hitting,keeps beating} me",
            "{hes,shes,theyre,they are,he is,she is} {hitting,beating} me",
            "{beat,beats,beating} me up",
            "{im,i am,we are,were} in danger",
            "{my life is,our lives are} in danger",
            "in danger {now,right now}",
            "{im,i am,we are,were} not safe",
            "{dont,do not} feel safe",
            "not safe {here,at home}",
            "{raped,rapes,raping,assaulted,abusing,abuses,abused} me",
            "{locked,locks,locking} me {in,up}",
            "{wont,will not} let me leave",
            "{forcing,forced,force,forces} me to {work,have sex,sleep with}",
            "{threatening,threatened,threatens} me",
            "{someone,somebody,he,she,they,a man} {is,are,} following me",
            "stalking me",
            "has a {knife,gun}",
        ],
    },
    "fr": {
        "suicide": [
            "suicid*",
            "{veux,vais,voudrais,envie de} me tuer",
            "me foutre en l'air",
            "{veux,voudrais,envie de,prefere,prefererais} {mourir,crever}",
            "{plus,pas} envie de vivre",
            "{veux,voudrais} plus vivre",
            "plus la force de vivre",
            "en finir avec {la,ma} vie",
            "{veux,vais,envie d'} en finir",
            "mettre fin {a mes jours,a ma vie}",
            "{ne peux plus,peux plus} continuer",
            "{aucune,pas de,plus de} raison de vivre",
            "{voudrais,veux,aimerais} etre mort*",
            "{serais,serait} mieux {mort,morte,sans moi}",
            "me pendre",
            "{sauter,me jeter} {du pont,par la fenetre,sous un train}",
            "{avaler,prendre} tous mes {medicaments,cachets}",
            "{couper,ouvrir} les veines",
        ],
        "self_harm": [
            "scarifi*",
            "automutil*",
            "m'automutil*",
            "{je me coupe,je me suis coupe,je me suis coupee} "
            "{les bras,le bras,les poignets,la peau,les jambes,les cuisses}",
            "me faire du mal",
            "je me fais du mal",
            "me blesser {expres,volontairement}",
        ],
        "danger": [
            "{va,vont,veut,veulent,voulait,menace de,a menace de,ont menace de,essaie de,"
            "essaye de} me tuer",
            "{il,elle,ils,on,mari,copain,compagnon,pere,frere,oncle,patron} me "
            "{frappe,frappent,bat,battent,tape}",
            "{je suis,nous sommes,on est} en danger",
            "ma vie est en danger",
            "en danger de mort",
            "{je ne suis pas,je suis pas} en securite",
            "{m'a,m'ont} {viole,violee,violes,violees}",
            "{il,elle,ils,on} me menace*",
            "menace* de mort",
            "m'enferm*",
            "{m'a,m'ont} enferm*",
        ],
    },
    "sq": {
        "suicide": [
            "vetëvras*",
            "vetëvrit*",
            "vetvras*",
            "vetvrit*",
            "{dua,dëshiroj} të vdes",
            "{ta vras,vras} veten",
            "{t'i jap,jap,i jap} fund jetës",
            "{nuk dua,s'dua} të jetoj",
            "arsye për të jetuar",
            "{nuk mund,s'mund} të vazhdoj",
            "më mirë {i,e} vdekur",
            "hidhem nga {ura,ballkoni,dritarja}",
        ],
        "self_harm": [
            "{lëndoj,lëndova,lëndoja,dëmtoj,dëmtova,pres,preva,prisja} veten",
            "vetëdëmtim*",
        ],
        "danger": [
            "më {vrasë,vrasin}",
            "më {rrahu,rrahën,rrahin}",
            "{ai,ajo,ata,burri,burri im,babai,vëllai} më {rreh,godet,goditi}",
            "jam në rrezik",
            "jeta {ime,më} është në rrezik",
            "më kërcëno*",
            "më {dhuno*,dhunu*,përdhun*}",
        ],
    },
    "so": {
        "suicide": [
            "isdil*",
            "is {dilid*,dilo,dilay,dili}",
            "{naftayda,nafteyda} {dilo,dili,ka qaado}",
            "{rabaa,doonayaa,jeclahay,jeclaan lahaa} inaan dhinto",
            "dhimasho {ayaan,baan} {rabaa,doonayaa}",
            "{ma rabo,ma doonayo} inaan {noolaado,sii noolaado}",
            "{ka daalay,ka quustay} nolosha",
            "nolosha {waan ka daalay,ka daalay,ka quustay}",
            "ma sii wadi karo",
            "sabab aan {u,ku} noolaado",
        ],
        "self_harm": [
            "is {gooyo,gooyay,jaro,jaray,jarjaro,jarjaray,waxyeeleeyo,waxyeeleeyay,"
            "dhaawaco,dhaawacay}",
        ],
        "danger": [
            "i {dilayaa,dili doonaa,dilayaan,dili doonaan}",
            "{inuu,inay} i dilo",
            "i garaac*",
            "i kufsa*",
            "{khatar,halis} {baan,ayaan} ku {jiraa,jirnaa}",
            "ku jiraa {khatar,halis}",
            "{naftaydu,naftayda,noloshaydu,noloshayda} {khatar,halis}",
            "i handad*",
        ],
    },
    "uk": {
        "suicide": [
            "самогубств*",
            "суїцид*",
            "{вбити,убити,вб'ю,уб'ю} себе",
            "покінч* з собою",
            "{хочу,хочеться,хотів би,хотіла б,краще} {вмерти,померти,умерти}",
            "не {хочу,хочеться} {жити,більше жити}",
            "{немає,нема} {сенсу,для чого,заради чого} жити",
            "не можу {більше жити,так більше жити,так жити}",
            "краще б я {помер*,вмер*}",
            "краще б мене не було",
            "на себе руки",
            "{повіситись,повіситися,повішусь,повішуся}",
            "{стрибнути,стрибну,кинутися,кинусь} {з мосту,з даху,під поїзд}",
        ],
        "self_harm": [
            "{ріжу,різати,порізала,порізав,порізати,ранити} себе",
            "самоушкодж*",
            "{шкоджу,зашкодити,шкодити} собі",
            "{роблю,зробила,зробив,зробити} собі боляче",
        ],
        "danger": [
            "мене {вб'є,вб'ють,уб'є,уб'ють}",
            "{вб'є,вб'ють,уб'є,уб'ють} мене",
            "{хоче,хочуть,погрожує,погрожують,намагається,намагаються} {мене вбити,вбити мене}",
            "мене {б'є,б'ють,побив,побила,побили,бив,била}",
            "{б'є,б'ють,побив,побила,побили} мене",
            "{я,ми,моє життя,наше життя} {в,у} небезпеці",
            "зґвалтува*",
            "згвалтува*",
            "{мені,нам} погрожу*",
        ],
    },
    "ru": {  # many Ukrainians write in Russian too
        "suicide": [
            "самоубийств*",
            "суицид*",
            "{убить,убью} себя",
            "поконч* с собой",
            "{хочу,хочется} умереть",
            "не {хочу,хочется} жить",
            "нет смысла жить",
        ],
        "self_harm": [
            "{режу,резать,порезала,порезал} себя",
            "{причиняю,причинить} себе боль",
        ],
        "danger": [
            "{убьёт,убьют} меня",
            "меня {убьёт,убьют,бьёт,бьют,избил,избили}",
            "{хочет,хотят} меня убить",
            "{я,моя жизнь} в опасности",
        ],
    },
    "ar": {
        "suicide": [
            "{انتحار,انتحر*,ينتحر*,تنتحر*,منتحر*}",
            "{اقتل,قتل,اكتل} {نفسي,حالي,روحي}",
            "{بدي,ابي,ابغى,اريد,اريد ان,عايز,عاوز,عايزة,عاوزة,حابب,حابة,ودي,نفسي,اتمنى} {اموت,موت}",
            "{اريد,ابي,ابغى,بدي,اتمنى} الموت",
            "{لا اريد,لا اريد ان,لم اعد اريد,لم اعد اريد ان,ما بدي,ما ابي,ما ابغى,مش عايز,"
            "مش عاوز,ما عاد بدي} {اعيش,عيش,العيش,الحياة}",
            "{لا يوجد,ما في,مفيش,ما عندي,ليس لدي} {سبب,داعي} {للعيش,للحياة}",
            "{لا استطيع,لم اعد استطيع} الاستمرار",
            "{ما عاد فيني,ما عدت اقدر,ما عاد فيي} {كمل,اكمل,عيش}",
            "{تعبت,زهقت,مليت,طفشت,سئمت,كرهت} {من,} {الحياة,حياتي,العيشة,عيشتي}",
            "{ليتني,يا ليتني,يا ريتني,ريتني} {مت,ميت,ميتة,اموت}",
            "يا ريت اموت",
            "{انهي,انهاء,انهيت} حياتي",
            "الموت {ارحم,احسن لي,افضل لي}",
            "{اشنق,شنق,احرق,حرق,ارمي,رمي} {نفسي,حالي}",
            "{اقطع,قطعت,اجرح,جرحت} {معصمي,شرياني,شريان يدي}",
        ],
        "self_harm": [
            "{اجرح,جرحت,اذي,أؤذي,اذيت,اذية,ايذاء,اضرب,ضربت} {نفسي,حالي}",
            "ايذاء النفس",
            "{اشطب,شطبت} {ايدي,يدي,جلدي,ذراعي}",
            "{اجرح,جرحت} {جلدي,ذراعي}",
        ],
        "danger": [
            "{رح,راح,ح,بدو,بده,يبي,يبغى,عايز,عاوز,يريد,يريد ان,سوف} يقتلني",
            "{هيقتلني,حيقتلني,هيموتني,حيموتني}",
            "{رح,راح,بدهم,بدن,يبون,يبغون,عايزين,يريدون,يريدون ان,سوف} يقتلوني",
            "{هيقتلوني,حيقتلوني}",
            "{يريد,يريدون,بدو,بدهم} قتلي",
            "{هددني,هددوني,تهديد} بالقتل",
            "{يهددني,يهددوني}",
            "{يضربني,يضربوني,ضربني,ضربوني,يعنفني,يعذبني}",
            "{انا,احنا,نحن,حياتي} {في,ب} خطر",
            "{لست,انا مش,انا مو,انا ما} {بامان,في امان}",
            "{اغتصب*,اغتصاب,يغتصب*}",
            "{يتحرش,تحرش} بي",
            "{حبسني,يحبسني,حبسوني,يحبسوني}",
        ],
    },
    "ar-Latn": {  # Arabizi: Arabic in Latin letters, 3 = ع, 7 = ح, 2 = ء/ق, 5 = خ
        "suicide": [
            "{bdi,bde,badi,bidi,abi,abgha,abga,abgh,3ayez,3awez,ayez,3ayz,nifsi,nefsi} "
            "{mut,mout,mot,amut,amout,amot}",
            "{en,in,an}{ti,te,ta}{7,h}{a,e,i}r*",
            "{a2tol,aqtol,a2tel,aktol,2otol,otol,2atel,a2tl} {nafsi,nafsy,7ali,hali,7aly}",
            "{ma,mosh,mish,msh,mesh} {bdi,bde,badi,abi,abgha,3ayez,3awez,ayez} "
            "{3ish,3eesh,a3ish,a3eesh,3ayesh}",
            "{ya retni,ya raitni,ya laitani,laytani} {mit,met,mayet}",
            "{ta3bt,ta3bat,ta3ban,t3bt,t3ban,zh2t,mallet} {mn,min,men} {el,al,il} "
            "{7aya,7ayat,hayat,haya}",
        ],
        "self_harm": [
            "{ajra7,ajrah,jara7t,jarat,a2zi,aazi,2azet,azet,adrob,darabt} "
            "{nafsi,nafsy,7ali,hali,7aly}",
        ],
        "danger": [
            "{ra7,rah,bado,bdo,badu,bdu,3ayez,3awez,yebi,yabi} "
            "{y2tolni,yeqtolni,yi2tolni,y2telni,yoqtolni,yektolni,ye2telni,yo2tolni}",
            "{bi,b,} {yedrabni,yedrobni,yodrobni,ydrabni,ydrobni,y2zini}",
            "{ana,7ayati,hayati} {fi,f,b,bi} {5atar,khatar,5atr,khatr}",
        ],
    },
    "fa": {  # Persian and Dari
        "suicide": [
            "خودکشی",
            "{خودمو,خودم رو,خودم را,خود را,خودم ره} {بکشم,میکشم}",
            "{میخوام,میخواهم,میخام,میخواستم,دلم میخواد,دلم میخواهد} بمیرم",
            "{نمیخوام,نمیخواهم,نمیخام} زنده {باشم,بمونم,بمانم}",
            "{کاش,کاشکی} {مرده بودم,بمیرم,میمردم}",
            "{نمیتونم,نمیتوانم} ادامه {بدم,بدهم}",
            "دلیلی برای {زندگی,زنده موندن,زنده ماندن}",
            "از زندگی {خسته,سیر} {شدم,ام,م}",
            "{به زندگیم,به زندگی خودم,به زندگی خود,به زندگی ام} {پایان,خاتمه}",
            "{خودمو,خودم را} {دار بزنم,حلق آویز}",
        ],
        "self_harm": [
            "خودزنی",
            "به خودم {آسیب,صدمه}",
            "{رگمو,رگم را,رگ دستمو,رگ دستم را,رگ دستم رو,رگ دستم} {زدم,بزنم,میزنم,بریدم,ببرم}",
            "{خودمو,خودم را} {زخمی,مجروح}",
            "با تیغ {خودمو,دستمو,دستم را}",
        ],
        "danger": [
            "{میخواد,میخواهد,میخوان,میخواهند} {منو,مرا,من را} {بکشه,بکشد,بکشن,بکشند}",
            "تهدید {به مرگ,به کشتن}",
            "تهدیدم {میکنه,کرده,کرد,میکند}",
            "{منو,مرا} {میزنه,میزنن,میزند}",
            "کتکم {میزنه,میزند,زد,میزنن}",
            "لت و کوب",
            "{در خطرم,در خطر هستم}",
            "{جونم,جانم,زندگیم} در خطر*",
            "{بهم,به من} تجاوز",
        ],
    },
    "fa-Latn": {  # Finglish: Persian in Latin letters
        "suicide": [
            "{mikham,mikhaam,mikhastam,mikhoam,mikhaham,delam mikhad} {bemiram,bmiram}",
            "khodkoshi*",
            "{khodamo,khodam ro,khodam ra} {mikosham,bokosham,bkosham}",
            "{nemikham,nmikham,nemikhaam,nemikhaham} zende {basham,bemoonam,bmonam,bemanam}",
            "{kash,kashki} {morde budam,morde boodam,bemiram}",
            "{nemitoonam,nemitunam,nemitonam,nmitonam,nemitavanam} edame {bedam,bdm,bedaham}",
            "dalili baraye {zendegi,zende mondan}",
            "az zendegi {khaste,sir} {shodam,am}",
        ],
        "self_harm": [
            "{rage,rag} {dastamo,dastam ro,dastam} {zadam,bezanam,bzanam,boridam,mizanam}",
            "{ragamo,ragam ro} {zadam,bezanam,boridam}",
            "{khodamo,khodam ro} {zakhmi,majruh}",
            "be khodam {asib,sadame}",
            "khodzani",
            "{tigh,tig} {zadam,mizanam}",
        ],
        "danger": [
            "{mikhad,mikhan,mikhaad} {mano,man ro,mn} {bokoshe,bokoshan,bkoshe,bkoshan}",
            "{mano,mn} {mizane,mizanan}",
            "kotakam {mizane,zad,mizanan}",
            "{dar,tu,too} khataram",
            "{jonam,janam,jaanam,zendegim} {dar,tu,too} khatar*",
        ],
    },
    "ps": {
        "suicide": [
            "ځان وژن*",
            "ځان {ووژنم,وژنم,به ووژنم,مړ کړم}",
            "{غواړم,غواړم چې} {مړ,مړه} شم",
            "{مړ,مړه} {کېدل,کیدل} غواړم",
            "مرګ غواړم",
            "نه غواړم ژوندی",
            "ژوند نه غواړم",
            "{کاش,کاشکې} مړ",
        ],
        "self_harm": [
            "ځان ته {زیان,تاوان,ضرر}",
            "ځان {ټپي,زخمي}",
        ],
        "danger": [
            "ما {ووژني,به ووژني}",
            "ما {به ووهي,ووهل}",
            "{هغه,میړه مې,پلار مې,ورور مې,دوی} ما وهي",
            "په خطر کې {یم,یو}",
            "ژوند مې په خطر",
            "{ګواښ,تهدید} راته کوي",
        ],
    },
    "ckb": {  # Kurdish Sorani
        "suicide": [
            "{خۆکوشتن,خۆکوژی}",
            "خۆم {بکوژم,دەکوژم,ئەکوژم,دەخنکێنم}",
            "{دەمەوێت,دەمەوێ,ئەمەوێ,ئەمەوێت,حەز دەکەم} بمرم",
            "{نامەوێت,نامەوێ,ناتوانم} {بژیم,زیاتر بژیم}",
            "ناتوانم بەردەوام",
            "{کۆتایی,کۆتای} بە ژیانم",
            "{خۆزگە,خۆزیا} {مردبام,بمردمایە,مردبووم}",
            "{بێزارم,وەڕسم} لە ژیان",
            "لە ژیان {بێزارم,وەڕسم}",
        ],
        "self_harm": [
            "خۆم {بریندار,زامدار}",
            "ئازاری خۆم",
            "خۆئازاردان",
            "خۆم {بئێشم,دەئێشم}",
            "خۆم {دەبڕم,بڕی}",
            "زیان بە خۆم",
        ],
        "danger": [
            "{بمکوژێت,بمکوژن,دەمکوژێت,دەمکوژن,ئەمکوژێت,ئەمکوژن}",
            "لێم {دەدات,دەدەن,ئەدات}",
            "لە مەترسیدا*",
            "ژیانم لە مەترسی*",
            "هەڕەشەی کوشتن*",
        ],
    },
    "ur": {  # Urdu, and Roman Urdu
        "suicide": [
            "خودکشی",
            "{مرنا,مر جانا} چاہ*",
            "{خود کو,اپنے آپ کو} {مار,ختم} {دوں,ڈالوں,لوں,کر}",
            "اپنی جان {لے لوں,دے دوں,لینا}",
            "{جینا,زندہ رہنا} نہیں چاہ*",
            "جینے کی کوئی وجہ",
            "{اپنی زندگی,زندگی} ختم {کرنا,کر}",
            "{مزید,اب اور} نہیں جی {سکتا,سکتی}",
            "کاش میں مر",
            "جینے کا {دل,من} نہیں",
            "زندگی سے تنگ",
            "{khudkushi,khudkashi,khud kushi}",
            "{jeene,jine} ka {dil,man} nahi",
            "zindagi se tang",
            "{marna,mar jana} {chahta,chahti}",
            "{jeena,jina} nahi {chahta,chahti}",
            "khud ko {maar,mar,khatam} {dun,doon,lun,loon,kar}",
        ],
        "self_harm": [
            "{خود کو,اپنے آپ کو} {نقصان,زخمی,کاٹ,کاٹتا,کاٹتی}",
            "khud ko {nuqsan,nuksan,zakhmi,kaat}",
        ],
        "danger": [
            "مجھے {مار ڈالے,مار ڈالیں,مار دے گا,مار دیں گے}",
            "جان سے مار*",
            "مجھے {مارتا,مارتی,مارتے,پیٹتا,پیٹتی,پیٹتے}",
            "{میری جان,میں} خطرے میں",
            "{قتل,مارنے} کی دھمکی*",
            "میرے ساتھ زیادتی",
            "mujhe {maar dalega,mar dalega,maar dega,jaan se maar}",
        ],
    },
    "am": {  # Amharic
        "suicide": [
            "{ራሴን,ራስን} {ማጥፋት,ላጠፋ,አጠፋ,ማጥፋ,ልገድል,እገድላ,መግደል,ልሰቅል,እሰቅላ}",
            "{መሞት,ልሞት} እፈልጋ",
            "ብሞት ይሻ",
            "መኖር አልፈልግ",
            "{የምኖርበት,ለመኖር} ምክንያት የለ",
            "መቀጠል አልችልም",
            "ሕይወቴን {ማጥፋት,ላጠፋ,አጠፋ}",
        ],
        "self_harm": [
            "ራሴን {እጎዳ,መጉዳት,ጎዳሁ,ልጎዳ,እቆርጥ,ቆረጥኩ,መቁረጥ}",
        ],
        "danger": [
            "{ሊገድለኝ,ሊገድሉኝ,ይገድለኛል,ይገድሉኛል,ልትገድለኝ,ትገድለኛለች}",
            "{ይደበድበኛል,ይደበድቡኛል,ደበደበኝ,ደበደቡኝ}",
            "አደጋ ላይ {ነኝ,ነን}",
            "ሕይወቴ አደጋ ላይ",
            "{ደፈረኝ,ደፈሩኝ,ሊደፍረኝ}",
            "ያስፈራራኛል",
        ],
    },
    "ti": {  # Tigrinya
        "suicide": [
            "ርእሰ ቅትለት",
            "{ርእሰይ,ነብሰይ} {ክቐትል,ምቕታል,ቐቲለ}",
            "{ክመውት,ክሞት} {ደልየ,እደሊ}",
            "{ምሟት,ምማት} {እደሊ,ይሓይሽ}",
            "{ክነብር,ምንባር} ኣይደልን",
            "ክቕጽል ኣይክእልን",
            "ምንባር ምኽንያት የብለይን",
        ],
        "self_harm": [
            "{ርእሰይ,ነብሰይ} {ክጎድእ,ጎዲአ,ክቖርጽ,ቆሪጸ}",
        ],
        "danger": [
            "{ክቐትለኒ,ክቐትሉኒ}",
            "{ይወቕዓኒ,ይወቕዑኒ,ወቒዑኒ,ይሃርመኒ,ይሃርሙኒ,ሃሪሙኒ}",
            "ኣብ ሓደጋ {እየ,ኣለኹ}",
            "ሂወተይ ኣብ ሓደጋ",
            "{ዓመጸኒ,ዓመጹኒ,ደፊሩኒ}",
        ],
    },
}

HARMLESS: dict[str, list[str]] = {
    "en": [
        "{die,dye} {my,her,his,your,their} hair",
        "{die,dying,died,dead} {of,from,with} {boredom,hunger,embarrassment,laughter,laughing,"
        "shame,cold,heat,curiosity,excitement,cuteness}",
        "die laughing",
        "{dont,do not} want to live {in the,in that,in this} {hostel,house,flat,hotel,area,"
        "city,town,room,place,country}",
        "{dont,do not} want to live {there,near,abroad,in london,with him,with her,with them}",
        "{cant,can not,cannot} go on {the,a,an,that,holiday,time,my,our,your,his,her,their,"
        "monday,tuesday,wednesday,thursday,friday,saturday,sunday,this trip}",
        "{cut,cutting,hurt,burnt,burned} myself {shaving,cooking,by accident,accidentally,"
        "on a,on the}",
    ],
    "fr": [
        "{mort,morte,morts,mourir,meurs,meurt,creve,crever,crevee} "
        "{de,d'} {rire,faim,froid,chaud,fatigue,ennui,peur,envie,honte}",
    ],
    "sq": [
        "{vdes,vdiqa,vdiq} {nga,prej} {uria,të qeshurit,gazi,lodhja,të ftohtit}",
        "{vdes,vdiqa} së qeshuri",
        "vdes për",
    ],
    "uk": [
        "{помираю,вмираю,помру,вмерти,померти} "
        "{зі сміху,від сміху,з голоду,від голоду,від нудьги,з нудьги}",
        "{мене,} {б'є,била,бив} {дрож,лихоманка,пропасниця,струмом}",
    ],
    "ru": ["{умираю,помираю} {со смеху,от смеха,с голоду,от голода,от скуки}"],
    "ar": [
        "{موت,اموت,ميت,ميتة,مت} {ضحك,من الضحك,من الجوع,من التعب,من البرد,من الحر,فيك,فيكي,"
        "عليك,عليكي}",
        "{قتلني,رح يقتلني,عم يقتلني,يقتلني} {الضحك,الجوع,الحر,البرد,الشوق}",
        "{الضحك,الجوع,الحر,البرد,الشوق,الواجب,الشغل} {قتلني,عم يقتلني,رح يقتلني,يقتلني}",
        "{ضربني,ضربتني} {البرد,الحر,الشمس,الزكام,ابرة,ابره}",
    ],
    "ar-Latn": [
        "{mut,mout,mot,amut,amout,amot,mayet,mit,met} {mn,min,men,} {el,al,il,} "
        "{da7k,dahk,d7k,jo3,ju3}",
        "{mut,mout,mot,amut,amout,amot} {fik,fiki,3lek,3aleik}",
    ],
    "fa": [
        "{مردم,میمیرم,بمیرم,مردیم,ترکیدم} از خنده",
        "{خودمو,خودم رو,خودم را} {بکشم,میکشم} {کنار,بالا,عقب,بیرون}",
        "از {خنده,گرسنگی,گشنگی,خستگی,سرما} {مردم,میمیرم,مردیم}",
        "{بمیرم,میمیرم} {برات,براتون,واست}",
    ],
    "fa-Latn": [
        "az {khande,khandeh,gorosnegi,goshnegi,khastegi} {mordam,mimiram}",
        "{bemiram,mimiram} {barat,baraat,vasat}",
    ],
}

/**
 * The offline engine's vocabulary: cues for each kind, each route and each service area, written
 * against normalised text (normalise.ts). Broad phrasings over exact examples; every cue that could
 * be said in the negative or about the past says so.
 */
import type { RouteId, ServiceArea } from '../../models/vocabulary';
import { cue, type Cue } from './match';

// ---------------------------------------------------------------- kinds

/** The resident uses the word. "not a complaint" / "don't want to complain" do not count. */
export const COMPLAINT_WORD: Cue[] = [cue(/\b(?:complain(?:t|ts|ing|ed)?|formal complaint)\b/, { neg: true })];
/** The resident asks to complain in so many words ("I want to make a complaint", "please treat this as a formal complaint"). */
export const COMPLAINT_ASKED: Cue[] = [
  cue(/\b(?:i|we) (?:want|wish|would like|'d like|need|am writing|'m writing|have) to (?:make |raise |lodge |file |submit |put in )?(?:a |an |my |this )?(?:formal |official )?complain(?:t)?\b/, { neg: true }),
  cue(/\b(?:this is|treat this as|please log this as|consider this) (?:a |an |my )?(?:formal |official )?complaint\b/, { neg: true }),
  cue(/\bhow (?:do|can) i (?:make|raise|lodge|file|submit) a (?:formal )?complaint\b/),
];

/** The council did not do what it should have: no reply, no action after a report, staff conduct. */
export const HANDLING: Cue[] = [
  cue(/\bnothing(?:'s| has| have)? (?:been |ever |yet )?(?:done|happened|changed|sorted|fixed|improved)\b/),
  cue(/\bnothing (?:happens|gets done|ever happens|was done|is being done)\b/),
  cue(/\b(?:no one|nobody|no body)(?:'s| has| have| ever| is| was)?(?: \w+){0,6}? (?:come|came|turned up|replied|responded|called|rang|phoned|got back|gets back|bothered|bothers|contacted|answered|answering|answers|fixed|acted|listens|listened|helped|knows|picks up|attended|showed up|returned|returns|been out|been back|been in touch|done anything|taken any notice|can tell)\b/),
  cue(/\bnever (?:\w+ )?(?:came|come|turned up|showed up|replied|responded|returned|returns|called|rang|got back|heard back|heard anything|happened|fixed|answered|arrived|came back|acted|bothered|contacted|received|got a reply|got a response|followed up|did anything|does anything|apologis\w+|apologiz\w+|(?:got|received) (?:a |an |my |the |any )?(?:new|replacement|reply|response|answer|call|letter|refund|apology|one))\b/),
  cue(/\bno (?:response|reply|replies|answer|call back|callback|phone call|contact|update|updates|action|acknowledg\w+|apology|one got back)\b/),
  cue(/\b(?:not|never|haven't|hasn't|didn't|don't) (?:had|heard|received|got) (?:a |any )?(?:response|reply|answer|anything|back|word|update|acknowledg\w+)\b/),
  cue(/\b(?:heard nothing|(?:have|has|had|i've|we've) had nothing|received nothing|got nothing back|still waiting|been waiting|kept waiting|keep waiting|yet to (?:hear|receive|get|be contacted))\b/),
  // reported before, and it is many times or long ago (a report to the police is not a council failure)
  cue(/\b(?:reported|told|informed|contacted|emailed|rang|phoned|called|raised|chased|complained|written to|wrote to|requested|logged|asked)\b(?:(?!police)[^.!?]){0,80}?\b(?:\d+|two|three|four|five|six|seven|eight|several|many|multiple|numerous|loads of|lots of|countless|a few|a couple of|couple of|so many) (?:times|occasions|emails|calls|letters|reports)\b/),
  cue(/\b(?:reported|told|informed|contacted|emailed|rang|phoned|raised|chased|complained|requested|logged)\b(?:(?!police)[^.!?]){0,60}?\b(?:ago|weeks|months|already|before|last (?:week|month|year)|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|and (?:still|nothing|no one|nobody|never))\b/),
  cue(/\b(?:already|previously|repeatedly) (?:reported|told|complained|contacted|raised|asked|chased)\b/),
  cue(/\b(?:(?:you|council|they|officers?|team|staff|department|emails?|letters?|calls?|reports?|complaints?|requests?) (?:have |has |were |was |are |keep |keeps )?(?:been |being )?ignor\w+|ignor(?:ed|ing|es) (?:my|our|all|every) (?:\w+ )?(?:emails?|letters?|calls?|reports?|complaints?|requests?|messages?)|fobbed off|pass(?:ed|ing) (?:me )?(?:from pillar to post|around|between)|kept on hold|on hold for|cut off|hung up|excuses|broken promises?|(?:you|council|they|officers?|team|staff|department|manager|housing|we were|i was|were|was) promised|promised (?:a |to )?(?:call|ring|visit|repair|fix|come|reply|respond|get back|sort|send|install|replace)|(?:was|were) told (?:i'd|i would|we'd|we would|they'd|they would|someone would|it would|somebody would)|never did|chas(?:ed|ing) (?:this|it|them|you|up)|cancell?ed (?:my|our|the|every|each) (?:\w+ )?appointments?|every appointment|missed (?:my|our|the) appointment|closed (?:my|the|our) (?:case|job|complaint|request|report|repair)|(?:marked|signed off) (?:as )?(?:complete|completed|closed|resolved|done)|as completed|been lost|lost (?:my|our|the) (?:\w+ )?(?:application|form|forms|paperwork|documents|file|letter|claim|request|details|appeal|records|payment)|fail(?:ed|s|ing|ure)? to|(?:council|they|you|team|officer|department|housing) (?:has |have )?(?:did|done|do|does) nothing|(?<!police )(?:did|done|doing) nothing|haven't done anything|hasn't done anything|not done anything|handled (?:badly|poorly|terribly|wrongly|so badly)|(?:badly|poorly) handled|mishandled|took (?:months|weeks|ages|forever|too long|a year)|taken (?:months|weeks|ages|forever|too long|so long)|taking (?:months|weeks|ages|forever|too long)|how long it (?:has taken|is taking|took)|takes? (?:\d+|two|three|four|six) (?:weeks|months) to|over ?charg\w*|wrongly charged|charged twice|double charged|half finished|left (?:the job|the work|it) (?:half|unfinished|undone)|hasn't been back|never came back|(?:nobody|no one) will (?:help|refund|tell|call|listen|give|answer|say|explain)|(?:i've|i have|we've|we have|i|we) (?:now )?waited (?:over |more than |nearly |almost )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many) (?:weeks|months|years))\b/),
];

/** A member of staff (not a neighbour) was rude, unhelpful, … */
export const STAFF_CONDUCT: Cue[] = [
  cue(/\b(?:officer|officers|staff|employee|receptionist|advisor|adviser|operator|inspector|warden|surveyor|manager|supervisor|caseworker|case worker|call handler|bailiffs?|enforcement (?:agents?|officers?)|(?:man|woman|lady|guy|person|girl|bloke) (?:on the phone|at the (?:desk|counter|office|tip)|i spoke to)|workm[ae]n|engineer|bin men|bin crew|crew|team|council|customer services?|call centre|contractors?|phone line)\b[^.!?]{0,45}?\b(?:rude|unhelpful|unprofessional|dismissive|patronising|condescending|aggressive|incompetent|arrogant|laughed|shouted|swore|belittled|sarcastic|hung up|lied|ignored|wouldn't let|refused|threatening|intimidating|bullying)\b/),
];

/** Something the council's own people did wrong: a complaint even with no emotion in it. */
export const STAFF_FAULT: Cue[] = [
  cue(/\b(?:bin (?:men|man|crew|lorry)|crew|staff|workm[ae]n|contractors?|officers?|engineers?|operatives?|gardeners|grass cutters|cleaners|council)\b(?: \w+){0,2} (?:left|threw|thrown|dumped|smashed|damaged|broke|blocked|spilled|spilt|ignored|refused|shouted|swore|lied|lost|forgot|missed (?:our|my|the) (?:street|road|house|bin|appointment))\b/),
  cue(/\b(?:(?:gave|given|told) (?:me|us) (?:the )?(?:wrong|incorrect|misleading|bad|conflicting) (?:advice|information|info|date|details|figures?)|wrong advice|misinformed|misled|(?:the way|how) (?:the council|you|your(?: \w+){0,2}|they|the \w+ (?:team|department|officer|officers)) (?:handled|dealt with|treated|spoke to|responded to|have handled|has handled)|pay (?:my|our) (?:council tax|rent) (?:same as|like everyone|for (?:what|nothing)|and (?:get|what)))\b/),
];

/** Strong dissatisfaction: the resident is unhappy with the standard of service. */
export const NEGATIVE_STRONG: Cue[] = [
  cue(/\b(?:disgust(?:ed|ing)|disgrace(?:ful)?|appalling|shocking|horrendous|atrocious|diabolical|dreadful|(?:terrible|awful|poor|bad|rubbish|lousy) (?:service|job|response|communication|customer service|standard)|very poor|useless|ridiculous|a joke|joke of a|beyond a joke|laughable|pathetic|fuming|furious|livid|angry|outraged|outrageous|fed up|sick of|sick and tired|had enough|unhappy|dissatisfied|disappointed|disappointing|unacceptable|not acceptable|not good enough|shambles|shambolic|waste of (?:time|money|space)|worst|let (?:me|us) down|let down|incompetent|inept|shameful|scandal(?:ous)?|rude|unhelpful|unprofessional|thanks for nothing|no thanks to|sort it out|sort yourselves out|get your act together|wtf|bloody|fucking|f\*+(?:ing)?|pissed off|cheesed off|gutted|how hard can it be|wast(?:e|es|ing|ed) (?:\w+ )?(?:money|time)|falling apart|disrespectful|why does it take|why is (?:it|nobody|no one) |how many more times|what is the point|what's the point|a disgrace)\b/),
  cue(/\bnot (?:happy|pleased|satisfied|impressed|ok|okay|on)\b/),
  cue(/\b(?:rudely|(?:won't|will not|wont|refuses? to|refused to|refusing to) (?:fix|help|accept|act|do anything|listen|reply|respond|pay|refund|meet|tell|come|collect|empty|replace|repair|take|deal|answer|investigate|apologise)|(?:doesn't|don't|didn't) listen|not listening|ignor(?:ed|ing|es)|always (?:late|cancelled|broken|missed|the same|full|overflowing)|(?:aren't|isn't|not|nobody|no one) answering|no support|(?:without|no) (?:any )?(?:explanation|warning|notice)|discriminat\w+|unfair(?:ly)?|(?:has|have) doubled|(?:did|done|doing) nothing|(?:is|are|was|were|been) (?:\w+ )?(?:wrong|incorrect))\b/),
];

/** Mild negatives: dissatisfied, but not by themselves a complaint (a first report can be annoyed). */
export const NEGATIVE_MILD: Cue[] = [
  cue(/\b(?:annoy(?:ed|ing)|frustrat(?:ed|ing)|upset|inconvenien(?:t|ce)|nightmare|awful|terrible|horrible|unfair|a pain|doing my head in|stress(?:ed|ful)|underwhelming|not great|not very good|poor|dangerous|unsafe|can't cope)\b/),
];

/** The same problem again: a report that is not the first. */
export const REPEAT: Cue[] = [
  cue(/\b(?:again|once more|(?:second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|\d+th|umpteenth|nth) time|(?:\d+|two|three|four|five|six|several|many|numerous|multiple) times(?! (?:a|per|each) (?:day|week|fortnight|month|year))|(?:weeks?|months?) (?:running|in a row)|every (?:single )?(?:week|fortnight|collection)|every time (?:i|we) (?:ring|call|phone|email|ask|chase|report|contact)|all (?:summer|winter|spring|autumn|year|month)(?: long)?|keeps? (?:on )?(?:being |getting )?(?:missed|missing|forgetting|happening|breaking|cancell?ing|crashing|sending|leaving|losing|ignoring|phoning|ringing|calling|emailing|chasing)|still (?:no|not|hasn't|haven't|isn't|aren't|waiting|broken|there|leaking|dripping|happening|going on|outstanding|living|unresolved|nothing)|(?:weeks|months|ages) later|already (?:reported|complained|told|contacted|asked))\b/, {
    notBefore: /(?:thanks?|thank you|thank u|start|starts|starting|started|restart|open|opens|opening|reopen|begin|begins|working|running|available|resume)\s*$/,
  }),
];

const PRAISE_STRONG_RE =
  /\b(?:thank(?:s|ing)? (?:you |u )?(?:so much |very much |again |ever so much )?(?:to|for (?:all|your|the|fixing|sorting|helping|coming|collecting|being|everything|a|taking|getting|dealing|such|doing|making|clearing|responding|replacing|putting))|thank (?:the|everyone|all|him|her|them|whoever|[a-z]+ (?:for|from|in|at))|(?:big|huge|massive|special|heartfelt|sincere|a) thanks?(?: you)?\b|many thanks|pass on (?:my|our) (?:thanks|gratitude|appreciation)|well done|great (?:job|work|service|team|effort|stuff)|good job|brilliant|fantastic|excellent|amazing|superb|wonderful|outstanding|exceptional|first class|top notch|spotless|impressed|credit to|kudos|shout ?out|praise|compliment|legends?|above and beyond|beyond the call|out of (?:his|her|their) way|grateful|gratitude|appreciated|really appreciate|delighted|a pleasure|(?:cannot|can't) thank|keep up the good work|(?:very|really|so) (?:happy|pleased) with)\b/;
/** Praise. "I'd be grateful if you could…" is politeness in a request, not a compliment. */
export const PRAISE_STRONG: Cue[] = [cue(PRAISE_STRONG_RE, { neg: true, notBefore: /(?:would|'d) be $/ })];
export const PRAISE_WEAK: Cue[] = [
  cue(/\b(?:thanks|thank you|cheers|helpful|lovely|friendly|welcoming|polite|courteous|efficient|prompt|patient|caring|supportive|professional|thorough|reassuring|(?:so|very|really|extremely|incredibly) (?:kind|nice|good|quick|fast)|quick response|working (?:really |very |so )?well|love (?:it|the)|loved (?:it|the)|happy with|pleased with|good service|great)\b/, {
    neg: true,
    notBefore: /(?:for nothing|in advance)\s*$/,
  }),
];

/** Suggestions, ideas and opinions about how things are done. */
export const SUGGESTION_STRONG: Cue[] = [
  cue(/\b(?:suggest(?:ion|ions|ing|ed)?|(?:an|good|great|nice|just an?|my) idea|idea:|(?:would|could|might) be (?:great|nice|good|better|helpful|handy|useful|lovely|brilliant|ideal|worth|an improvement|nicer|clearer)|(?:it'd|it would|would) be (?:great|nice|good|better|helpful|handy|useful|lovely) (?:if|to)|(?:could|can|would|should|might) (?:the council|you|they|we) (?:consider|look at|think about|look into)|consider (?:adding|having|putting|introducing|making|providing|installing|extending|opening|changing|using|more)|why not|why don't you|have you (?:thought|considered)|(?:maybe|perhaps) (?:you|the council|they) could|might be worth|worth considering|(?:would|i'd) (?:like|love) to see|in my (?:opinion|view)|imo|imho|share my (?:view|thoughts|opinion)|(?:just )?(?:some|a bit of|a piece of|general) feedback|observation|just a thought|food for thought|would encourage|would make (?:it|a|the) |would help (?:people|residents|a lot)|could be (?:clearer|better|improved)|(?:i'd|would) like the council to|do more (?:about|for|to)|it would help|not a complaint|isn't a complaint|(?:wouldn't|would not|would) it be (?:better|nicer|easier|good|great|sensible|an idea|worth)|could (?:it|they|these|this) be (?:made )?(?:simpler|clearer|easier|better|improved|changed))\b/),
];
export const SUGGESTION_WEAK: Cue[] = [
  cue(/\b(?:i feel|personally|too (?:high|expensive|low|many|few|early|late|small|big|complicated)|confusing|a bit|slightly|rather|should (?:be|have|open|close|consider|put|do|make|get|provide|introduce|stop|start)|you should|the council should|maybe|perhaps|next time|would it be possible|could do with|it's a shame|shame that|i wonder|wondering if|just wanted to say)\b/),
];

/** Something needs doing: a request, or a problem described for the first time. */
export const REQUEST: Cue[] = [
  cue(/\b(?:can you|could you|can someone|could someone|would you|(?<!how )can i|could i|may i|please(?! note| be aware| see)|need (?:a|an|to|someone|it|them)|how (?:do|can|would) i(?! (?:appeal|challenge|complain|dispute|object|contest))|where (?:do|can) i|when (?:is|will|are|does)|i'd like to (?:apply|book|order|request|report|pay|register|set up|get|arrange|know|cancel|change)|i want to (?:report|apply|book|order|request|pay|register|get|know|see|have|receive|find out)|i want a|i need|is it possible to (?:get|have|book)|(?:want|like|need) to make (?:a|an) (?:\w+ ){0,4}(?:request|application|booking|payment)|requesting|apply|book|order(?! was)|replace(?:ment)?|new (?:bin|box|caddy|sack)(?! collection| calendar| lorr| system| service| scheme| round| day)|copy of|register (?:to vote|for|a|my|me)|payment plan|subscription)\b/),
];
/** A problem described without asking for anything: a first report unless something says otherwise. */
export const PROBLEM: Cue[] = [
  cue(/\breport(?:ing)?\b/),
  cue(/\b(?:broken|not working|isn't working|aren't working|stopped working|out of order|doesn't work|don't work|(?:is|are|has gone|have gone) out|missed|not (?:been )?(?:collected|emptied|cut|cleaned|gritted|fixed)|(?:wasn't|weren't) (?:collected|emptied|taken)|didn't (?:take|collect|empty)|overflowing|blocked|leak(?:ing|s|y)?|damp|mould|pot ?holes?|fly tip\w*|dumped|graffiti|dog (?:poo|mess|fouling|dirt)|litter|abandoned|dead (?:fox|cat|badger|animal|dog|bird|pigeon|deer|rat)|overgrown|knee high|needles|rats|mice|pests?|vandalised|knocked (?:over|down)|hanging (?:off|down)|cracked|stolen|locked|worn off|no (?:heating|hot water))\b/),
];

// ---------------------------------------------------------------- routes

export const EMERGENCY: Cue[] = [
  cue(/\b(?:smell(?:s|ing)? (?:of |like )?gas|gas (?:leak|leaking|smell|escape|escaping)|leak(?:ing)? gas|smells? like gas|smell gas)\b/, { neg: true, past: true }),
  cue(/\b(?:carbon monoxide|co (?:alarm|detector))\b/, { neg: true, past: true }),
  cue(/\b(?:on fire|fire (?:in|at|has started|is spreading|spreading)|(?:house|flat|building|car|bin|kitchen|shed|garage|block|chip pan|electrical|chimney|grass|bin store) fire|flames|smoke (?:is )?(?:coming|pouring|billowing|everywhere)|smoke everywhere|burning (?:building|house|flat))\b/, { neg: true, past: true }),
  cue(/\b(?:collaps(?:e|ed|es|ing)|caved? in|caving in|fallen in|falling (?:down|in)|about to (?:fall|collapse|come down)|could (?:fall|collapse|come down) (?:at )?any (?:minute|moment|time)|structural (?:damage|crack\w*)|(?:ceiling|roof|wall|floor|balcony|stairs) (?:has |have )?(?:fallen|come down|coming down|caved|given way)|(?:fallen|falling|fell|coming|came) (?:off|from|down from) (?:the )?(?:balcony|roof|building|wall|ceiling|block|chimney)|falling masonry|chunks? of (?:concrete|brick|masonry|plaster|stone|render)|could (?:fall|come down|collapse) (?:on|onto) (?:someone|somebody|people|anyone|a child|kids|passers by)|balcony (?:railings?|rails?|barriers?)\b[^.!?]{0,30}?\b(?:hanging|loose|come away|coming away|broken|missing)|bowing)\b/, { neg: true, past: true }),
  cue(/\b(?:(?:is|are|'s|keeps?) flooding|flooding (?:in|into|through|under|my|our|the (?:house|flat|home|kitchen|downstairs|property|hall|stairs|bathroom|street|road|garden))|(?:house|home|flat|kitchen|downstairs|property|street|road|garden) (?:is )?flooding|flood water|(?:water|sewage) (?:is )?(?:pouring|gushing|pissing|flooding|rising) (?:in|into|through|out|down|up|under)|(?:water|sewage) (?:is )?(?:coming|leaking) (?:in|into|through|out|down|up|under)(?![^.!?]{0,40}?\b(?:when(?:ever)? it rains?|when it's raining|in (?:the |heavy )?rain|drip\w*))|burst (?:its|their|the) banks|water everywhere|under water|(?:house|home|flat|kitchen|downstairs|property|street|road) (?:is |has )?flooded)\b/, { neg: true, past: true }),
  cue(/\b(?:(?:live|exposed|bare|sparking|dangling|loose) (?:electric(?:al)? )?(?:wires?|cables?)|sparking|sparks (?:coming|flying)|electric shock|electrocuted|(?:power|electric(?:ity)?) (?:cables?|lines?) (?:down|hanging|across)|brought (?:down )?(?:the )?(?:power|electric\w*) (?:cables?|lines?))\b/, { neg: true, past: true }),
  cue(/\b(?:danger to life|life threatening|(?:could|will|might) (?:die|be killed)|trapped|unconscious|not breathing|can't breathe|(?:this is|it's|it is) an emergency|real emergency|genuine emergency|medical emergency|send (?:help|an ambulance))\b/, { neg: true, past: true }),
];
/**
 * Damp, mould or condensation: a repair (and for a landlord a hazard with its own legal timescale,
 * services/hazards), not a danger for 999 or the police. Where it is the matter and no safety cue
 * matched, the model may neither add a safety route nor ask about one (combine.ts): coughing from
 * mould is not an emergency call.
 */
export const DAMP_MOULD: Cue[] = [cue(/\b(?:damp(?:ness)?|mould(?:y|s)?|mildew|condensation|black spots)\b/, { neg: true })];

/** Risk to the resident's own life: emergency and safeguarding together. */
export const SELF_HARM: Cue[] = [
  cue(/\b(?:kill(?:ing)? (?:myself|himself|herself|themselves)|end(?:ing)? (?:my|his|her|their|it) (?:own )?(?:life|all)|end it all|suicid(?:e|al)|take (?:my|his|her|their) (?:own )?life|wants? to die|(?:don't|do not|doesn't|does not) want to (?:live|be here|be alive)|self harm(?:ing)?|(?:harm|hurt|cut)(?:s|ing)? (?:myself|himself|herself|themselves)|overdose)\b/, { neg: true }),
];

export const POLICE: Cue[] = [
  cue(/\b(?:hate crime|swastikas?|nazi (?:graffiti|symbols?|salutes?)|(?:mosque|synagogue|church|temple|gurdwara)\b[^.!?]{0,30}?\b(?:attacked|vandalised|graffiti|damaged|smashed)|graffiti\b[^.!?]{0,30}?\b(?:mosque|synagogue|temple|gurdwara)|(?:racist|racial|racially|homophobic|transphobic|islamophobic|anti semitic|sectarian|disablist) (?:abuse|abusive|attack|attacked|graffiti|slurs?|harass\w*|assault\w*|threats?|incident|language|remarks|insults|chanting|shouting)|racially (?:abused|motivated|aggravated))\b/, { neg: true }),
  cue(/\b(?:assault(?:ed)?|attacked (?:me|us|my|him|her)|(?:was|were|got|been|being) (?:\w+ )?(?:attacked|mugged|stabbed|robbed|beaten up)|(?:attacked|bitten) by (?:a |an |their |his |her |the )?(?:\w+ )?dog|dog (?:attacked|bit|bitten)|dangerous dogs?|out of control dog|punched|kicked (?:me|us|my)|beat(?:en)? (?:me|us|up)|beating (?:me|her|him)|hits? me|hit (?:me|us) (?:again|last)|stabb(?:ed|ing)|(?:with|pulled|had|carrying) (?:a )?(?:knife|gun|weapon|machete)|mugged|robbed|robbery|burgl(?:ary|ed|ar|ars)|broke (?:in|into)|broken into|break in|theft|thieves|keyed|slashed|criminal damage|arson|set fire to)\b/, { neg: true, notBefore: /(?:nearly|almost) $/ }),
  // a stolen wheelie bin is a replacement request, not a crime report
  cue(/\b(?:(?:stole|took|nicked|pinched|swiped)(?! (?:my|our|the) (?:\w+ )?(?:bins?|box|caddy|sacks?|bags?|recycling))(?= (?:my|our|his|her|their) )|stolen)\b/, { neg: true, notBefore: /(?:bins?|box|caddy|sacks?|bags?|sign)(?: \w+){0,2} $/ }),
  cue(/\b(?:drug deal\w*|dealing drugs|selling drugs|drugs? (?:being )?(?:dealt|sold)|cannabis farm|growing cannabis|county lines|cuckoo(?:ing|ed)|sexual(?:ly)? (?:assault\w*|abuse\w*)|rape|raped|indecent exposure|expos(?:ing|ed) himself|flashing|groom(?:ing|ed))\b/, { neg: true }),
  cue(/\b(?:threat(?:en(?:ing|ed|s)?)? to (?:kill|burn|hurt|stab|attack|beat|smash|shoot)|death threats?|threatening me|threatened me|threatens me|threatened to|threatening behaviour)\b/, { neg: true }),
];
/** Domestic abuse: police matter and safeguarding. */
export const DOMESTIC_ABUSE: Cue[] = [
  cue(/\b(?:domestic (?:abuse|violence)|coercive|control(?:s|ling)? (?:all )?(?:my|our) (?:money|finances|phone)|won't let me (?:see|leave|go out|have)|(?:frightened|scared|afraid|terrified) (?:of|for) (?:him|her|my (?:partner|husband|wife|boyfriend|girlfriend|ex|son|dad|father))|my (?:partner|husband|wife|boyfriend|girlfriend|ex|ex partner) (?:\w+ )?(?:hit|hits|hitting|beats|beat|beating|hurt|hurts|punched|threaten\w*|strangled|chokes|choked|attacked|abuses|abused|abusing|assaulted|stalk\w*|harass\w*|follow(?:s|ing) me|keeps turning up)|(?:partner|husband|boyfriend|ex) (?:is )?(?:violent|abusive)|fleeing|flee (?:from )?(?:my|him|her))\b/, { neg: true }),
];

export const ASB: Cue[] = [
  cue(/\b(?:anti ?social|asb|nuisance (?:neighbours?|tenants?|behaviour|calls|youths|kids)|noise nuisance|neighbours? from hell|neighbour (?:dispute|problems?|issues?)|boundary (?:dispute|line|issue)|high hedges?|leylandii|harass(?:ment|ing|ed|es)?|intimidat\w+|buzzing (?:people )?in)\b/, { neg: true }),
  cue(/\b(?:neighbours?(?:'s?|'s)?|next door|upstairs|downstairs|the (?:flat|house|people|couple|family|man|woman|lady|tenants?) (?:above|below|next door|upstairs|downstairs)|people (?:upstairs|next door|downstairs|above|below)|(?:over the|across the) (?:road|street))\b[^.!?]{0,60}?\b(?:nois\w*|loud\w*|music|part(?:y|ies|ying)|shout\w*|scream\w*|yell\w*|bang\w*|slam\w*|stamp\w*|stomp\w*|thud\w*|bark\w*|dogs?|kick\w*|footballs?|ball games|fence\w*|boundary|hedge\w*|trees?|park(?:s|ed|ing)|block\w*|rubbish|smok\w*|weed|cannabis|cctv|cameras?|rev(?:s|ving|ved)?|motorbikes?|bonfires?|argu\w*|fight\w*|swear\w*|thr[eo]w\w*|dump\w*|spy\w*|till (?:\d+|late)|all night|through the night|(?:[1-5]|one|two|three|four|five) ?(?:am|in the morning))\b/, { neg: true }),
  cue(/\b(?:nois\w*|loud music|music|part(?:y|ies)|shout\w*|bang\w*|bark\w*|dogs?|fence|hedge|rubbish|revs|motorbikes?)\b[^.!?]{0,50}?\b(?:neighbours?|next door|upstairs|downstairs)\b/, { neg: true }),
  cue(/\b(?:dogs? (?:bark|barking|barks|howl\w*|whin\w*) (?:all|every|constantly|non stop|day|night)|barking dogs?|loud music|noisy (?:neighbours?|people|kids|youths|parties|party|flat|house))\b/, { neg: true }),
  cue(/\b(?:youths|teenagers|teens|kids|lads|gangs?|group of (?:youths|lads|kids|teenagers|men|people|boys)|drunks?)\b[^.!?]{0,50}?\b(?:hang(?:s|ing)? (?:around|round|about)|causing (?:trouble|damage|a nuisance)|intimidat\w+|swear\w*|drink\w*|thr[eo]w\w*|kick\w*|shout\w*|fight\w*|vandalis\w+|smash\w*|rac(?:e|es|ing)|rid(?:e|es|ing)|tear(?:s|ing)? (?:round|around|up and down)|loiter\w*|setting off|abusive|harass\w+|knocking on doors|motorbikes?|scramblers?|quad bikes?|fireworks|urinat\w*|peeing|weeing|vomit\w*|being sick)\b/, { neg: true }),
  cue(/\b(?:urinat\w*|peeing|weeing|defecat\w*) (?:in|on|against|up) (?:our|my|the) (?:doorway|door|garden|stairwell|lift|hallway|wall|porch|bins?)\b/, { neg: true }),
  cue(/\b(?:(?:someone|somebody|they|he|she|neighbours?)\b[^.!?]{0,60}?\b(?:on purpose|deliberately|to annoy (?:me|us)|to wind (?:me|us) up)|targeting (?:me|us|my)|(?:smell|stink|stench) of (?:weed|cannabis)|(?:motorbikes?|quad bikes?|mopeds?|scramblers?|cars?) (?:\w+ )?(?:racing|revving|doing wheelies|speeding up and down))\b/, { neg: true }),
];

/** A decision with its own right of appeal or review. */
export const APPEAL: Cue[] = [
  cue(/\b(?:pcns?|penalty charge(?: notice)?s?|parking (?:ticket|fine|penalty|charge notice)s?|fined (?:me|us|my \w+) for (?:parking|stopping|waiting|driving|using)|(?:got|given|issued|received) (?:a |another )?(?:parking )?ticket|bus lane (?:fine|ticket|penalty)|moving traffic (?:fine|offence|penalty)|yellow box (?:fine|junction)|clamped|towed away)\b/, { neg: true }),
  cue(/\b(?:planning (?:application|permission|approval|appeal|decision)\b[^.!?]{0,50}?\b(?:refused|rejected|turned down|denied|declined|not approved|unfair|wrong)|(?:refused|rejected|turned down|denied|declined) (?:\w+ ){0,3}(?:planning|permission)|refused permission|planning refusal|planning appeal|(?:appeal|challenge) (?:\w+ ){0,3}planning (?:decision|refusal))\b/, { neg: true }),
  cue(/\b(?:(?:council tax )?band(?:ing)?\b[^.!?]{0,60}?\b(?:wrong|too high|higher|lower|should|shouldn't|challenge|appeal|disagree|unfair|incorrect|when|but|even though|whereas|identical|same as)|(?:wrong|too high|challenge|appeal|disagree with|unfair|incorrect|revalue|reband\w*)\b[^.!?]{0,40}?\bcouncil tax band|why (?:is|are) (?:my|our) (?:house|home|flat|property|bungalow) (?:in|on) (?:council tax )?band|should be (?:in )?band [a-h]|band [a-h] (?:when|but|even|while|whereas)|revaluation|valuation office|voa|(?:shouldn't|should not|don't|do not|shouldn't have to|not) (?:have to )?pay (?:any )?(?:council tax|it|this)|not liable|council tax liability|liable for (?:the )?council tax|exempt(?:ion)? from (?:the )?council tax|disagree with (?:my |the |your )?(?:council tax|bill|decision|charge)|single person discount (?:was |has been )?(?:removed|stopped|taken|refused|cancelled)|discount (?:was |has been )?(?:removed|stopped|refused)|business rates (?:\w+ ){0,3}(?:wrong|appeal|too high|valuation))\b/, { neg: true }),
  cue(/\b(?:(?:housing benefit|council tax (?:support|reduction)|benefits?|discretionary housing payment|dhp|free school meals)\b[^.!?]{0,50}?\b(?:stopped|cut|reduced|refused|rejected|suspended|cancelled|turned down|declined|denied|withdrawn|ended|overpa(?:id|yment)|decision|wrong|entitled|appeal|reconsider\w*|looked at again)|(?:stopped|cut|reduced|refused|rejected|suspended|overpaid|turned down for|denied) (?:\w+ ){0,2}(?:housing benefit|council tax (?:support|reduction)|benefits?)|overpayment)\b/, { neg: true }),
  cue(/\b(?:(?:housing register|housing list|waiting list|bidding|housing application|application for housing|council house application)\b[^.!?]{0,50}?\b(?:band|banding|priority|points|refused|rejected|removed|suspended|wrong|not eligible|ineligible|disqualified)|band [1-5] on (?:the )?(?:housing )?(?:register|list)|(?:put|placed|moved) (?:me|us) (?:in|into|down to) band|(?:band|banding|points|priority)\b[^.!?]{0,40}?\b(?:housing register|waiting list|overcrowd\w+|medical priority))\b/, { neg: true }),
  cue(/\b(?:intentionally homeless|not in priority need|no priority need|no local connection|(?:homeless(?:ness)?) (?:decision|review|application)\b[^.!?]{0,30}?\b(?:refused|rejected|wrong|negative)|(?:decided|decision)\b[^.!?]{0,40}?\bhomeless|suitability (?:review|of (?:the )?offer)|unsuitable (?:offer|accommodation))\b/, { neg: true }),
  cue(/\b(?:(?:school place|admission|admissions)\b[^.!?]{0,40}?\b(?:appeal|refused|rejected|not offered|turned down)|(?:didn't|did not|haven't|hasn't) (?:get|got|been offered) (?:\w+ ){0,4}(?:school|choices|place|preferences)|none of (?:our|my) (?:\w+ )?(?:choices|preferences)|admissions appeal|appeal (?:\w+ ){0,3}(?:school place|admission))\b/, { neg: true }),
  cue(/\b(?:licen[cs]e (?:was |has been )?(?:refused|revoked|suspended|rejected)|(?:refused|revoked) (?:my |our |the )?(?:\w+ )?licen[cs]e)\b/, { neg: true }),
  cue(/\b(?:(?:want|wish|like|going|how) (?:do i |can i |to )?(?:appeal|challenge) (?:it|this|the|my|against)|(?:want|wish|like|going|need|intend) to appeal(?! to (?:you|the council|your|our|everyone|residents|the public|people|all|them)\b)\b|how (?:do|can) i (?:appeal|challenge)|appeal against|lodge an appeal|right of appeal|challenge (?:the|this|your) decision|review (?:of )?(?:the|my|this) decision|(?:reconsider|look again at) (?:the|my|your|this) decision|decision (?:looked at|reviewed|reconsidered) again|mandatory reconsideration)\b/, { neg: true }),
];
/** Only asking how to pay: not a dispute. */
export const PAYMENT_QUESTION: Cue[] = [
  cue(/\b(?:how (?:do|can) i pay|where (?:do|can) i pay|pay (?:it|this|the (?:fine|pcn|penalty|charge|ticket)) (?:online|by|over)|(?:want|like|need) to pay (?:it|this|the))\b/),
];
/** What makes a dispute about a decision rather than about how it was handled. */
export const DECISION_DISPUTE: Cue[] = [
  cue(/\b(?:wrong|wrongly|incorrect|unfair|unfairly|not fair|disagree|shouldn't|should not|not true|refused|rejected|turned down|denied|stopped|reduced|cut|overpa(?:id|yment)|covered|(?:want|wish|like) to (?:appeal|challenge)|how (?:do|can) i (?:appeal|challenge)|overturn\w*|cancel (?:it|the (?:ticket|fine|pcn))|displayed|band|but i (?:was|had|did|only|paid)|(?:signs?|lines?|markings?) (?:were|was) (?:covered|faded|missing|unclear))\b/, { neg: true }),
];

/** Asking for money for a loss: an insurance matter whoever caused it. */
export const INSURANCE_ASK: Cue[] = [
  cue(/\b(?:compensat(?:ion|e)\b[^.!?]{0,60}?\b(?:damage\w*|damaged|ruined|injur\w+|loss|lost|broken|destroyed|carpets?|car|property|belongings|furniture|clothes|vehicle|tyres?|repairs?)|(?:damage\w*|damaged|ruined|injur\w+|broken|destroyed|carpets?|car|property|belongings|furniture|clothes|vehicle)\b[^.!?]{0,60}?\bcompensat(?:ion|e)|(?:want|like|wish|need|going|how (?:do|can) i|can i|where (?:do|can) i) (?:to )?(?:make|put in|submit|start|file|lodge) (?:a |an )?(?:insurance )?claim|(?:want|like|wish|need|going) to claim|claim (?:for|against) (?:\w+ ){0,3}(?:damage|injur\w+|cost|costs|repair|repairs|my|the council|you)|how (?:do|can) i claim|reimburs\w+|pay (?:for|towards) (?:the )?(?:damage|repair|repairs|a new|my|it)|(?:want|expect) (?:it|this|them|the damage) paid for|who (?:pays|is paying|will pay) for|cover the cost|out of pocket|personal injury|(?:repair|vet|plumber|garage|dentist|hospital|medical|mechanic) bill|i had to pay (?:\w+ ){0,4}(?:to fix|to repair|for (?:the )?repairs?|a plumber|a mechanic|a garage)|£ ?\d+ (?:repair|to fix|bill|damage))\b/, { neg: true }),
]
/** Damage or injury: an insurance matter when the council's roads, trees, vehicles or people caused it. */
export const INSURANCE_DAMAGE: Cue[] = [
  cue(/\b(?:damag(?:ed|ing)|wrecked|smashed|cracked|ruined|destroyed|dented|scratched|bent|punctured|burst|buckled|split|chipped|scuffed|stained|cut through|knocked (?:down|over)|broke) (?:my|our|the) (?:\w+ ){0,2}(?:car|cars|tyres?|tyre|wheels?|suspension|windscreen|vehicle|bike|wall|fence|gate|door|window|windows|patio|property|carpets?|furniture|belongings|clothes|garden|shed|roof|drive|driveway|water pipe|pipes?|phone|glasses|laptop|tv|paint|paintwork|bodywork)\b/),
  cue(/\b(?:sprayed|splashed|covered|threw|flicked) (?:\w+ ){0,4}(?:over|on|onto|at) (?:my|our) (?:\w+ )?(?:car|van|vehicle|windscreen|house|windows?|clothes)\b/),
  cue(/\b(?:damage (?:to|on) (?:my|our) (?:\w+ ){0,2}(?:car|vehicle|tyres?|wheels?|property|house|home|wall|fence|gate|roof|carpets?|belongings)|(?:fell|fallen|came down|come down|crashed|reversed|drove|backed|smashed) (?:on|onto|into) (?:my|our) (?:\w+ ){0,2}(?:car|van|vehicle|house|roof|wall|fence|gate|shed|garden|garage|drive|conservatory)|(?:pot ?hole|road surface|uneven road)\b[^.!?]{0,60}?\b(?:damag\w+|wrecked|burst|punctured|buckled|cracked|bent|ruined|destroyed|split)|(?:damag\w+|wrecked|burst|punctured|buckled|cracked|bent|ruined|destroyed|split)\b[^.!?]{0,40}?\b(?:pot ?hole|road surface|uneven road))\b/),
  cue(/\b(?:tripped|trip(?:ped)? over|fell (?:over|off|down|on)|i fell|(?:he|she|they|mum|dad|son|daughter) fell|slipped|broke (?:my|his|her) (?:wrist|arm|leg|ankle|hip|nose|tooth|teeth|finger|foot|shoulder)|hurt (?:my|his|her) (?:back|leg|arm|knee|ankle|wrist|head|shoulder|hip)|needed stitches|injur(?:ed|ies|y))\b[^.!?]{0,80}?\b(?:pavement|paving|slabs?|pot ?holes?|kerb|ice|icy|gritt\w*|steps?|stairs|swings?|slide|play|park|road|footpath|uneven|broken|loose|drain cover|manhole|council|your)\b/, { neg: true }),
  cue(/\b(?:pavement|paving|slabs?|pot ?holes?|kerb|ice|icy|steps|stairs|swings?|footpath|uneven|loose|drain cover|manhole)\b[^.!?]{0,60}?\b(?:tripped|fell|slipped|broke (?:my|his|her)|injur(?:ed|ies|y)|needed stitches)\b/, { neg: true }),
];
/** The council (its roads, trees, vehicles, staff or contractors) as the cause of damage. */
export const COUNCIL_CAUSE: Cue[] = [
  cue(/\b(?:you|your|council'?s?|pot ?holes?|road|roads|pavements?|paving|slabs?|kerbs?|footpath|trees?|branch(?:es)?|bin (?:lorry|men|man|crew|wagon)|refuse (?:lorry|truck|wagon|crew)|gritt\w*|grass cutt\w*|mowers?|strimm\w*|workm[ae]n|contractors?|crew|street ?lights?|lamp ?posts?|drains?|manhole|ice|icy|swings?|play (?:park|area|equipment)|leak|disrepair|van|lorry)\b/),
];
/** Someone other than the council did the damage: a crime or a private matter. */
export const THIRD_PARTY_CAUSE: Cue[] = [
  cue(/\b(?:someone|somebody|vandals|thieves|burglars|youths|kids|neighbours?|a (?:man|woman|driver|car)|another (?:car|driver))\b(?: \w+){0,2} (?:smashed|damaged|broke|keyed|scratched|hit|reversed|crashed|kicked|threw|stole|took|set fire|vandalised|dented|drove)\b/),
];

/** A claim mentioned in passing: on its own with a handling failure it is a complaint about the claim's handling. */
export const INSURANCE_WEAK: Cue[] = [
  cue(/\b(?:insurance(?: claim| team| company| department| claims)?|(?:my|the|our|a|an) claim (?:for|against|about) (?:the )?(?:damage|injur\w+|repairs?|my (?:car|property)|compensation|the council))\b/, { neg: true }),
];

export const COUNCILLOR: Cue[] = [
  cue(/\b(?:councillors?|cllrs?|(?:lord |deputy |city |town )?mayor(?:'s)?|elected members?|ward members?|council leader|leader of the council)\b[^.!?]{0,80}?\b(?:rude|aggressive|abusive|abuse|swore|swearing|shout\w*|bull(?:y|ied|ying)|lie|lies|lied|lying|offensive|racist|sexist|homophobic|drunk|conflict of interest|(?:not )?declared?|interest in|code of conduct|ignor\w+|misconduct|behaviour|behaved|conduct|threaten\w*|harass\w*|leak(?:ed|ing)|inappropriate|disrespectful|unprofessional|corrupt\w*|breach\w*|posting|posts|posted|comments|remarks|voted on|hasn't replied|never repl\w+|won't (?:reply|respond|meet|help)|(?:doesn't|does not|won't|never) (?:answer|reply|respond|turn up|show up|get back)|never (?:at|there|available|answers|replies|responds)|not (?:answering|replying|responding)|useless|what is the point|point of (?:him|her|them)|wouldn't let|turned up drunk)\b/, { neg: true }),
  cue(/\b(?:rude|aggressive|abusive|swore|shouted|bullied|lied|offensive|drunk|ignored|complain\w*)\b[^.!?]{0,40}?\b(?:by|about|from) (?:a |the |my |our |one of your |local |ward )?(?:councillors?|cllrs?|mayor|elected members?)\b/, { neg: true }),
];

export const LEGAL: Cue[] = [
  cue(/\b(?:solicitors?|lawyers?|barristers?|legal (?:action|proceedings|team|advice|route|case|claim)|proceedings (?:have been |were |are being )?(?:issued|filed|started|commenced|brought)|issued (?:a claim|proceedings)|(?:take|taking|taken|took|drag|dragging|dragged) (?:you|the council|them|this|it|you lot|me|us) to court|(?:sue|suing|sued)(?! (?:for )?peace)|small claims|county court|high court|magistrates|claim form|judicial review|court (?:case|hearing|action|date|claim|summons|proceedings)|going to court|go to court|see you in court|tribunal (?:hearing|claim)|letter before (?:action|claim)|pre action|summons|liability order)\b/, { neg: true }),
];

export const INFORMATION: Cue[] = [
  cue(/\b(?:freedom of information|foi|foia|eir|environmental information regulations?|subject access(?: request)?|sar|data protection|gdpr|data breach|breach of (?:my )?(?:data|privacy|confidentiality)|information commissioner|ico|(?:personal|medical|private) (?:data|details|information|info)\b[^.!?]{0,60}?\b(?:sent|shared|disclosed|leaked|given|passed|published|lost)|(?:you|they|the council|council|someone|your (?:\w+ )?(?:officer|staff|team|department)) (?:have |has )?(?:sent|shared|disclosed|leaked|gave|given|passed|published|posted|put) (?:\w+ ){0,6}?(?:my|our) (?:\w+ (?:and )?){0,3}?(?:data|details|information|info|records|address|name|phone number|email address|medical)|(?:information|data) (?:the council|you|your \w+) (?:holds?|has|have|keeps?) (?:about|on) (?:me|us)|(?:all|any) (?:the )?(?:information|data) (?:\w+ ){0,3}(?:about|on) me|copy of (?:my|all) (?:records|file|data|information|personal \w+|housing file)|(?:my|our) records under|everyone (?:in|on) cc|cc'?d (?:\w+ ){0,3}everyone|(?:shared|sent|passed|gave|disclosed) (?:\w+ ){0,8}without (?:my|our) (?:consent|permission))\b/, { neg: true }),
];

export const SOCIAL_CARE: Cue[] = [
  cue(/\b(?:social care|social workers?|social services|children'?s services|adult services|carers? (?:keep|kept|didn't|don't|haven't|never|not turning up|turn(?:ed)? up late|are (?:late|rushing|not)|were (?:late|not|rude)|rush|rushed|left (?:her|him|them)|missed)|(?:my|his|her|their|our|mum's|dad's|nan's) carers|care (?:package|plan|assessment|agency|home|worker|workers|provider|needs|manager|staff|review|calls|visits)|needs assessment|home care|domiciliary|respite|direct payments?|personal budget|fostering|foster (?:carer|care|parent|child|children|allowance|placement)|child protection|looked after (?:child|children)|care leavers?|occupational therapist|reablement|day centre|deprivation of liberty|safeguarding (?:team|referral|concern|board))\b/),
];

export const SCHOOL: Cue[] = [
  cue(/\b(?:teachers?|headteacher|head teacher|headmaster|headmistress|head of year|deputy head|teaching assistants?|senco|school governors?|board of governors|governing body|academy trust|bull(?:ied|ying) at school|detentions?|(?:excluded|suspended|expelled) (?:from school|for \d+ days)|exclusion from school|in front of the class|classroom|class teacher|uniform policy|school (?:trip|uniform|staff|head|nurse|office|policy|dinners|canteen|reports?))\b/, { notBefore: /(?:outside|near|by|opposite|next to|behind|past|beside|round|around)(?: the| a| our| my)? $/ }),
  cue(/\b(?:the|my (?:son's|daughter's|child's|kid's|kids') (?:\w+ )?|our (?:\w+ )?|(?:primary|secondary|infant|junior|high|grammar|nursery)) ?(?:school|academy)(?:'s)? (?:has|have|is|are|keeps?|won't|will not|wont|refused|refuses|didn't|did not|hasn't|haven't|excluded|suspended|expelled|gave|gives|giving|cancelled|ignored|never|failed|doesn't|does not|sent|told|put|made|let|allowed)\b/, {
    notBefore: /(?:outside|near|by|opposite|next to|behind|past|beside|round|around|to|from)(?: the| a| our| my)? $/,
  }),
];
/** School as a place or a transport run, not the subject of the complaint. */
export const SCHOOL_LOCATION = /\b(?:outside|near|by|opposite|next to|behind|past|beside|round|around|to|from) (?:the |a |our |my )?(?:\w+ )?(?:school|schools|academy)\b|\bschool (?:bus|buses|transport|taxi|crossing|run|gates|patrol|holidays)\b/;
/** School names in the resident's own capitals: "Oakfield Primary", "St Mary's Academy". */
export const SCHOOL_NAME_RAW = /\b(?:St\.? )?[A-Z][a-z']+(?: [A-Z][a-z']+)? (?:Primary|Academy|High School|Secondary|Junior School|Infant School|Infants|Juniors|Grammar|C of E|CE Primary)\b/;

export const OTHER_ORG: Cue[] = [
  cue(/\b(?:(?:gp|doctor'?s?|nhs|hospital|dentist|a and e|ambulance|pharmacy|surgery|health visitor|mental health (?:team|services?))(?: \w+){0,2} (?:appointments?|waiting|wait|discharged|won't|wouldn't|didn't|haven't|hasn't|never|can't|refused|refuses|lost|cancell\w*|keeps?|kept|took (?:\d+|hours|days|ages|weeks|an? \w+|over|nearly)(?: (?:hours|days|weeks))?|waiting list|treatment))\b/, { notBefore: /(?:missed|late for|to|get to|from|at|for) (?:my|a|the|an) $/ }),
  cue(/\bwaiting (?:\w+ ){0,3}for (?:a |an |my |the )?(?:gp|doctor'?s?|hospital|nhs|dentist|ambulance|operation|hospital appointment)\b/),
  cue(/\b(?:the (?:hospital|gp|doctor|dentist|nhs) (?:\w+ )?(?:discharged|refused|won't|didn't|never|lost|cancelled)|dvla|dvsa|dwp|job ?centre|universal credit|state pension|pension credit|hmrc|tax credits?|child benefit|passport office|home office|royal mail|parcelforce|openreach|virgin media|broadband|tv licen[cs]e|(?:driving|provisional) licen[cs]e|national highways|highways england|environment agency|ofsted|network rail|trains? (?:are|were|is|was|always|keep|cancelled|late|delayed|service)|train (?:company|operator|service|fares?)|the trains|railway company|rail (?:service|company|fares?)|bus company|arriva|stagecoach|first bus|national express|citizens advice|probation service)\b/),
  cue(/\b(?:severn trent|thames water|anglian water|yorkshire water|united utilities|southern water|welsh water|northumbrian water|south west water|water (?:company|board|supply|pressure|main|mains|bill)|no water|burst (?:water )?main|sewers?|national grid|cadent|british gas|e\.?on|edf|octopus|ovo|scottish power|energy (?:supplier|company|bill)|(?:electricity|gas) (?:bill|supplier|company|board)|power cut|no (?:electricity|power))\b/),
  cue(/\b(?:housing association|housing trust|clarion|sanctuary housing|places for people|peabody|riverside housing|home group|registered provider|(?:rent|renting) from (?:a |my |the )?(?:housing association|private landlord|clarion))\b/),
  cue(/\b(?:county council|parish council|town council|(?:another|a different|neighbouring|the neighbouring|a neighbouring) council|(?:the )?police (?:never|didn't|did nothing|do nothing|haven't|won't|are useless|were useless|were rude|was rude|officers? (?:was|were) (?:rude|useless)|response was|took (?:hours|days|ages)|don't care|didn't care|ignored)|complain(?:t)? about (?:the )?police)\b/),
];

export const EMPLOYMENT: Cue[] = [
  cue(/\b(?:vacanc(?:y|ies)|my cv|job (?:advert|vacancy|interview)|(?:turned down|rejected|not selected|unsuccessful|passed over) (?:for|in) (?:a |the |my |this )?(?:\w+ )?(?:job|role|post|position|promotion)|employed by (?:the|your) council|work(?:ing)? for (?:the|your) council|my employer|applied for (?:a |the |an )?(?:\w+ ){0,3}(?:job|role|post|position|vacancy)|job application|(?:job|role|post|position|vacancy) (?:i applied|application)|interview(?:ed)? for|(?:had|got|attended) an interview|shortlist(?:ed|ing)?|recruitment|not hired|(?:didn't|did not) get the (?:job|role|post|position)|job offer|offer of employment|employment (?:contract|tribunal)|grievance|disciplinary (?:warning|hearing|action|procedure|process)|dismissed from (?:my|the) (?:job|post|role)|unfair(?:ly)? dismiss\w*|(?:i was|i've been|i have been|i got|been) (?:sacked|fired|dismissed|made redundant)|redundan(?:t|cy)|(?:my|our) (?:line )?(?:manager|supervisor|team leader|boss|colleagues?) (?:is|has|keeps|was|bullies|won't|refuses)|(?:complain\w*|grievance|concerns?) about my (?:line )?(?:manager|supervisor|team leader|boss|colleagues?)|(?:i'm|i am|as) an? council (?:worker|employee|officer)|council (?:worker|employee) (?:and|here)|i work (?:for|in|at) (?:the council|your|the (?:\w+ ){0,3}(?:team|department|depot|office|centre))|council employee|as (?:an? )?(?:employee|staff member|member of staff)|agency worker|(?:my|our) (?:wages|pay|salary|overtime|payslip|contract of employment|shifts)|promotion (?:process|interview|application|board)|passed over for promotion|probation (?:period|review)|(?:haven't|hasn't) paid me for (?:\w+ ){0,3}(?:shifts|hours|work|weeks))\b/),
];

export const FRAUD: Cue[] = [
  cue(/\b(?:fraud(?:ulent|ulently|ster|sters)?|corrupt(?:ion)?|brib(?:e|es|ed|ery|ing)|backhanders?|kickbacks?|brown envelopes?|embezzl\w*|whistle ?blow(?:ing|er|ers)?|blow the whistle|money laundering|falsif(?:y|ying|ied)|fiddl(?:e|ing|ed) (?:the|their|his|her) (?:books|expenses|timesheets)|sub ?let(?:ting|s)?|airbnb|claim(?:ing|s)? (?:the )?single person discount|claim(?:ing|s)? to live alone|single person discount\b[^.!?]{0,60}?\b(?:lives?|living|three|two|partner|boyfriend|girlfriend|adults)|claim(?:ing|s)? benefits? (?:while|whilst|but)|taking (?:cash|money|bribes|payments) (?:to|for)|selling (?:blue badges|council (?:property|flats|houses))|dead person'?s (?:blue )?badge|(?:misus\w+|abus\w+) (?:of )?(?:a |their |his |her )?(?:blue badge|public funds|council (?:money|funds|vehicles|property)|position)|cash in hand\b[^.!?]{0,40}?\bbenefits|(?:let(?:ting|s)?|getting) (?:\w+ ){0,2}(?:friends|family|mates|relatives|pals) off|(?:friends|family|mates|relatives) off (?:their|the) (?:tickets|fines|pcns|charges|rent)|(?:charg|bill|invoic|claim)\w* (?:\w+ ){0,3}for (?:work|jobs?|hours|services?|materials|repairs)\b[^.!?]{0,30}?\b(?:never|not|wasn't|weren't|isn't) (?:\w+ )?(?:done|carried out|completed|delivered|worked|supplied))\b/, { neg: true }),
];

export const SUPPLIER: Cue[] = [
  cue(/\b(?:we (?:supply|supplied|provide|provided|deliver|delivered|completed|carried out|hold|have held) (?:the council|you|your|a council|the works?|a (?:council )?contract)|(?:director|owner|md|boss|manager) of (?:a|an|the) (?:\w+ ){0,3}(?:company|firm|business|contractor|supplier)|(?:our|my) (?:company|firm|business(?! rates)|organisation|agency|practice)|we(?:'re| are) (?:a |the )?(?:contractor|supplier|local (?:sme|business|firm|company)|sme|small business)|as (?:a|your) (?:supplier|contractor|vendor)|as an? (?:local |small )?(?:builder|contractor|supplier|tradesman|trader|business|company|firm|electrician|plumber|roofer|decorator)|self employed|sole trader|i run (?:a|my own) (?:\w+ ){0,2}(?:business|company|firm))\b[^]{0,200}?\b(?:invoices?|invoiced|paid|payment|payments|retention|variation|contract|contracts|bid|tender|quote|purchase order|supplied|delivered|provided|work for)\b/),
  cue(/\b(?:invoices?|invoiced|payment|retention|variation|contract|bid|tender|purchase order)\b[^]{0,200}?\b(?:our|my) (?:company|firm|business(?! rates)|organisation)\b/),
  cue(/\b(?:tender(?:ed|ing|s)? (?:for|process|was|exercise)|our tender|procurement|framework agreement|purchase order|as (?:a|your) supplier|(?:holds?|have|has|won) (?:a|the) council contract|(?:our|my) contract with (?:the|your) council|contract terms|(?:unpaid|overdue|outstanding) invoices?|(?:not|haven't|hasn't|never|yet to) (?:\w+ )?(?:been )?paid (?:our|my|the) invoices?|invoices? (?:\d+ )?(?:is |are |still )*(?:unpaid|overdue|outstanding|not (?:been )?paid)|late paying (?:our|my) invoices?|(?:our|my) bid (?:was|has been)|variation (?:costs|order|claim)|release (?:the|our) retention|(?:did|done|carried out) (?:\w+ ){0,3}work (?:for|on) (?:the council|your|the depot)(?:\w+ ){0,4}[^.!?]{0,60}?(?:haven't|not|never) (?:been )?paid)\b/),
];

export const ALREADY: Cue[] = [
  cue(/\b(?:ombudsman\b[^.!?]{0,60}?\b(?:looked|decided|ruled|found|investigated|closed|upheld|not upheld|no fault|rejected|declined|considered|final decision|refused|made (?:a|its|their|the) (?:decision|ruling|finding))|(?:went|gone|taken|referred|escalated) to the (?:\w+ ){0,3}ombudsman|(?:already|previously) (?:been )?(?:considered|investigated|decided|looked at|dealt with|ruled on|reviewed)|both stages|all (?:the )?stages|stage (?:2|two) (?:response|decision|complete|completed|outcome|final|answer|reply)|(?:got|had|received) (?:your |the |a )?(?:stage (?:2|two) )?final response|final response letter|exhausted (?:your|the) (?:\w+ )?(?:complaints?|process|procedure)|(?:been )?through (?:your|the) (?:whole|entire|full)? ?(?:complaints? )?(?:process|procedure)|court (?:has )?(?:already )?(?:decided|ruled|found|judged|ordered|dismissed)|(?:judge|tribunal|court|ombudsman) (?:has )?(?:already )?(?:ruled|decided|found|dismissed|made (?:a|its|their) (?:decision|ruling))|already ruled|(?:settled|decided|ruled on|resolved|dealt with) (?:in|by|at) (?:the )?(?:court|tribunal|ombudsman)|court (?:case )?(?:was |has been )?(?:settled|decided|closed)|investigated (?:my|this|the) (?:\w+ )?complaint (?:\w+ ){0,3}(?:twice|two times|already|before)|reopen (?:my|the|this) (?:complaint|case)|third investigation|new evidence)\b/),
];

/** A child or adult at risk of harm, abuse, neglect or exploitation. */
export const SAFEGUARDING_CHILD: Cue[] = [
  cue(/\b(?:child|children|kid|kids|son|daughter|baby|babies|toddler|boy|girl|grandchild|grandson|granddaughter|teenager|little ones?)\b[^.!?]{0,120}?\b(?:look(?:s|ing)? (?:hungry|starving|neglected|malnourished|terrified|scared)|abus\w+|neglect\w*|bruis\w*|beat(?:en|ing)?|hit (?:him|her|them)|left (?:alone|on (?:their|his|her) own|home alone)|not (?:being )?fed|starving|hungry all|unsupervised|locked (?:in|out)|exploit\w*|groom\w*|at risk|in danger|unsafe|being hurt|self harm\w*)\b/, { neg: true }),
  cue(/\b(?:abus\w+|neglect\w*|beat(?:en|ing)?|hit\w*|exploit\w*|groom\w*|hurt\w*|exposing himself)\b[^.!?]{0,40}?\b(?:child|children|kid|kids|son|daughter|baby|toddler|boy|girl|little ones?)\b/, { neg: true }),
];
export const SAFEGUARDING_ADULT: Cue[] = [
  cue(/\b(?:elderly|vulnerable|frail|disabled|dementia|old (?:man|woman|lady|gentleman|couple)|my (?:mum|dad|nan|nana|gran|grandad|grandma|mother|father|brother|sister))\b[^.!?]{0,80}?\b(?:neglect\w*|abus\w+|not (?:being )?(?:looked after|cared for|fed)|without (?:her|his|their) (?:medication|meds|food)|left (?:alone|without)|lost (?:\w+ )?weight|taken advantage|financial(?:ly)? abus\w+|scammed|bruis\w*|unsafe|at risk|in danger|hasn't been seen|not been seen|living in squalor|cuckoo\w*)\b/, { neg: true }),
  cue(/\b(?:vulnerable adult|adult at risk|cuckoo(?:ing|ed)|modern slavery|trafficked|trafficking|financial abuse)\b/, { neg: true }),
];

// ---------------------------------------------------------------- service areas

const PLACE_BEFORE = /(?:outside|near|by|opposite|next to|behind|past|beside|round|around|across from|in front of)(?: the| a| our| my)? $/;

export const AREA_CUES: ReadonlyArray<readonly [ServiceArea, Cue]> = [
  ['waste_recycling', cue(/\b(?:bins?|wheelie bins?|recycling|refuse|rubbish collection|bin (?:men|man|crew|lorry|collection|day)|bulky (?:waste|items?|collection)|garden waste|food waste|caddy|black bags?|(?:brown|green|blue|black|grey|purple|red) (?:bin|box|lid|bag)|the tip|(?:council|local) tip|recycling (?:centre|box|bank)|household waste|collection day|missed collection|side waste|kerbside|refuse team)\b/, { notBefore: /(?:grit|litter|dog waste|dog poo|salt) $/ })],
  ['street_cleansing', cue(/\b(?:fly tip\w*|dumped|dumping|litter(?: bins?)?|graffiti|dog (?:poo|mess|fouling|dirt|waste bin)|fouling|street clean\w*|sweep\w*|needles|syringes|chewing gum|rubbish (?:everywhere|all over|dumped|left)|broken glass)\b/)],
  ['highways', cue(/\b(?:pot ?holes?|road (?:surface|markings?|signs?|works|repairs?)|resurfac\w*|pavements?|footpaths?|footway|kerbs?|dropped kerb|paving|slabs?|street lights?|street lamps?|lamp posts?|gritt\w*|grit bins?|pedestrian crossing|zebra crossing|crossing lights|traffic lights|drains?|gully|gullies|street signs?|speed (?:bumps?|humps?|limit|cameras?)|20 ?mph|verges?|uneven road|highways?|cycle lanes?|road (?:is|has) (?:flooded|blocked))\b/)],
  ['transport', cue(/\b(?:bus (?:service|services|pass|route|timetable|driver)|buses (?:are|were|don't|didn't|never|keep)|the bus (?:didn't|never|was|is|keeps)|school (?:bus|buses|transport|taxi)|concessionary|travel (?:pass|card)|park and ride|community transport|dial a ride|bus shelters?)\b/)],
  ['parking', cue(/\b(?:parking|pcns?|penalty charge|car parks?|permits?|double yellows?|yellow lines?|blue badges?|disabled (?:bay|parking)|traffic wardens?|civil enforcement|clamped|towed|bus lane (?:fine|ticket|penalty))\b/)],
  ['housing_repairs', cue(/\b(?:repairs?|damp|mould|mouldy|condensation|leak(?:s|ing|y)?|boiler|heating|hot water|radiators?|roof|windows?|(?:front|back) door|gutters?|disrepair|council (?:house|flat|home|property)|adaptations?|lift|plumbing|electrics|ceiling|gas safety|smoke alarm|kitchen|bathroom|floorboards)\b/)],
  ['housing_management', cue(/\b(?:rent|rent account|arrears|tenancy|tenants?|housing officer|estate|communal|stairwell|block of flats|our block|the block|sheltered|warden|housing office|leasehold\w*|service charge|garages|council tenant)\b/)],
  ['housing_options', cue(/\b(?:homeless\w*|housing register|housing list|waiting list|housing application|council house|council housing|bidding|temporary accommodation|rehouse\w*|overcrowd\w*|priority need|band [1-5]|emergency accommodation)\b/)],
  ['planning', cue(/\b(?:planning|extension|building control|planning permission|development|developers?|local plan|conservation area|listed building|enforcement notice|garage conversion|loft conversion|permitted development)\b/)],
  ['council_tax', cue(/\b(?:council tax|single person discount|business rates|nndr|band [a-h]|ctax)\b/)],
  ['benefits', cue(/\b(?:housing benefit|council tax (?:support|reduction)|benefits? (?:claim|decision|team|office|stopped)|discretionary housing payment|dhp|overpa(?:id|yment)|free school meals)\b/)],
  ['environmental_health', cue(/\b(?:noise|noisy|loud music|pests?|rats|mice|cockroach\w*|bed ?bugs|wasps?|food (?:hygiene|poisoning|safety)|pollution|bonfires?|smoke nuisance|odour|stench|environmental health|air quality|barking|asbestos|fumes)\b/)],
  ['licensing', cue(/\b(?:licen[cs](?:e|ing)|taxis?|private hire|hmo|street trading)\b/, { notBefore: /(?:driving|provisional|tv|fishing|school) $/ })],
  ['parks_open_spaces', cue(/\b(?:parks?|play (?:park|area|ground|equipment)|playground|swings?|grass (?:cutting|cutters?)|grass|trees?|branch(?:es)?|hedges?|cemetery|cemeteries|graves?|allotments?|the rec|recreation ground|open spaces?|green spaces?|canal path|benches|flower beds?|woodland|nature reserve|leylandii|grounds team)\b/, { notBefore: /(?:car|business|retail|caravan|trailer) $/ })],
  ['leisure_culture', cue(/\b(?:leisure centre|swimming (?:pool|baths)|gym|sports (?:centre|hall)|museum|theatre|festival|fireworks|christmas lights|carnival|community centre|arts centre)\b/, { notBefore: PLACE_BEFORE })],
  ['libraries', cue(/\b(?:librar(?:y|ies)|librarians?)\b/, { notBefore: PLACE_BEFORE })],
  ['education', cue(/\b(?:schools?|academy|academies|teachers?|headteacher|head teacher|pupils?|sen|ehcp|admissions?|school places?|nursery|education|detentions?)\b/, { notBefore: PLACE_BEFORE })],
  ['adult_social_care', cue(/\b(?:adult social care|social care|carers?|care (?:home|package|plan|assessment|agency|worker|workers|provider|needs)|home care|domiciliary|respite|direct payments?|personal budget|occupational therap\w*|reablement|day centre|deprivation of liberty)\b/)],
  ['childrens_services', cue(/\b(?:children'?s (?:services|social care|social services)|social workers?|social services|foster\w*|child protection|looked after|care leavers?|adoption)\b/)],
  ['public_health', cue(/\b(?:public health|vaccinat\w*|stop smoking|sexual health|drug (?:and|&) alcohol (?:service|services))\b/)],
  ['trading_standards', cue(/\b(?:trading standards|rogue traders?|doorstep (?:sellers?|traders?|scam)|counterfeit|fake goods|scam(?:mer|mers|med)?)\b/)],
  ['customer_services', cue(/\b(?:customer services?|call centre|contact centre|phone lines?|on hold|switchboard|website|online form|reception|receptionist|answering the phone|on the phone)\b/)],
  ['elections', cue(/\b(?:register to vote|electoral (?:roll|register|registration)|polling (?:station|card)|elections?|ballot|postal vote|voting)\b/)],
];

/** Route cue tables for the routes that are plain "any cue" matches. */
export const SIMPLE_ROUTES: ReadonlyArray<readonly [RouteId, Cue[]]> = [
  ['councillor_conduct', COUNCILLOR],
  ['legal_proceedings', LEGAL],
  ['information_rights', INFORMATION],
  ['employment', EMPLOYMENT],
  ['fraud_whistleblowing', FRAUD],
  ['supplier_contract', SUPPLIER],
  ['already_considered', ALREADY],
];

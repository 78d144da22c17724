/** English function words: they carry no topic, and in a news corpus match nearly every passage. */
export const STOP_WORDS = new Set(
  `a about above across after afterwards again against all almost alone along already also although always am among
  amongst an and another any anyhow anyone anything anyway anywhere are around as at be became because become becomes
  becoming been before beforehand behind being below beside besides between beyond both but by can cannot could did do
  does doing done down during each either else elsewhere enough etc even ever every everyone everything everywhere
  except few for from further get gets got had has have having he hence her here hereafter hereby herein
  hers herself him himself his how however i ie if in indeed into is it its itself just least less ll me meanwhile
  might mine more moreover most mostly much must my myself namely neither never nevertheless no nobody none noone
  nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
  own per perhaps please put rather re s same see seem seemed seeming seems several she should since so some somehow
  someone something sometime sometimes somewhere still such t than that the their theirs them themselves then thence
  there thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to
  together too toward towards under until up upon us very via was we well were what whatever when whence whenever where
  whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will
  with within without would yet you your yours yourself yourselves d m ve don doesn didn isn aren wasn weren hasn haven
  hadn won wouldn shouldn couldn tell told telling say says said saying know many`
    .split(/\s+/)
    .filter(Boolean),
);

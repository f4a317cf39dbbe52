/**
 * Words that are names in some data set but far more often ordinary words in a call (German,
 * English, Turkish): never taken as a name on their own evidence.
 */
export const NOT_NAMES: ReadonlySet<string> = new Set(
  `
ab aber about after again all also am an and as at auch auf aus bald bei best bill bin bis but by
can case da dann das dass day dem den der des die dies doch du ein eine er es for frank from
grand grant guten hat have he her here hier hope i ich ihr im in ins ist it ja just kann kein
king mal man mark may me mehr mein meine mit morgen my nach neu new nicht no noch not nun nur
of ok on or paris rose sag said see sein she sie so sonne summer sunny the this to und uns
unter vom von vor was we weil welcome well wenn wer wie will winter wir with yes you zu zum zur
able amazon berlin christmas dear doctor doktor easter faith free friday gay glad happy honey
joy justice love major may miss monday page post rich saturday sharp sunday tuesday wednesday
thursday young white black brown green gold silver stone wood hill street park bank castle
`
    .trim()
    .split(/\s+/),
);

import { LEXICON as ENGLISH } from '../../providers/summarization/sentimentLexicon';

/**
 * Valence lexicons per language on the AFINN scale (-5..+5), with the words that negate and
 * intensify. English is the pipeline's own (see sentimentLexicon.ts for why not AFINN itself).
 * German and Spanish are small lists curated for callbrief the same way: words of service calls
 * with a public authority, courtesy words damped, words neutral in that setting left out.
 * Languages without a list are not assessed.
 */
export interface Lexicon {
  name: string;
  valence: ReadonlyMap<string, number>;
  negators: ReadonlySet<string>;
  intensifiers: ReadonlySet<string>;
}

const entries = (list: string): ReadonlyMap<string, number> =>
  new Map(
    list
      .trim()
      .split(/\s+/)
      .flatMap((item, i, all) => (i % 2 === 0 ? [[item, Number(all[i + 1])] as const] : [])),
  );
const words = (list: string) => new Set(list.trim().split(/\s+/));

const GERMAN = entries(`
  danke 1 dankeschön 1 bitte 0 klar 1 fair 1 hoffentlich 1 schnell 1 einverstanden 1 geklärt 2
  gut 2 gute 2 guten 2 gerne 2 gern 2 hilfreich 2 freundlich 2 froh 2 zufrieden 2 einfach 2
  erleichtert 2 bewilligt 2 genehmigt 2 erledigt 2 gelöst 2 besser 2 nett 2 freue 2 freut 2
  prima 3 super 3 toll 3 wunderbar 3 perfekt 3 ausgezeichnet 3 hervorragend 3 großartig 3
  dankbar 3 herzlichen 2 beste 3 liebe 2
  leider -1 entschuldigung -1 problem -2 probleme -2 warten -1 wartezeit -1 verspätet -1
  verzögerung -1 unklar -1 unsicher -1 sorge -2 sorgen -2 besorgt -2 fehlt -1 fehlen -1
  dringend -1 teuer -1 schwierig -1 kompliziert -1 müde -1 verloren -1 überfällig -1
  fehler -2 falsch -2 ärger -2 ärgerlich -2 verärgert -2 frustriert -2 frustrierend -2
  enttäuscht -2 enttäuschend -2 unzufrieden -2 beschwerde -2 beschweren -2 unhöflich -2
  nutzlos -2 abgelehnt -2 verweigert -2 unfair -2 stress -2 gestresst -2 angst -2 notfall -2
  kaputt -2 krank -2 schmerzen -2 gestohlen -2 schulden -2 mahnung -2 ignoriert -2 chaos -2
  traurig -2 hilflos -2 obdachlos -2 verzweifelt -3 schlecht -3 schlimm -3 schlimmer -3
  schrecklich -3 furchtbar -3 wütend -3 inakzeptabel -3 lächerlich -3 katastrophe -3
  zwangsräumung -3 räumungsklage -3 unverschämt -4 skandal -4
`);

const SPANISH = entries(`
  gracias 1 claro 1 justo 1 ojalá 1 rápido 1 rápidamente 1 acuerdo 1 aclarado 2
  bien 2 buen 2 bueno 2 buena 2 amable 2 útil 2 contento 2 contenta 2 satisfecho 2 satisfecha 2
  fácil 2 aliviado 2 aliviada 2 aprobado 2 aprobada 2 resuelto 2 solucionado 2 mejor 2
  agradezco 2 encantado 2 encantada 2 genial 3 excelente 3 perfecto 3 perfecta 3
  maravilloso 3 estupendo 3 fantástico 3 agradecido 3 agradecida 3
  lamentablemente -1 desgraciadamente -1 perdón -1 disculpe -1 esperar -1 espera -1
  retraso -1 tarde -1 confuso -1 confundido -1 duda -1 dudas -1 falta -1 urgente -1 caro -1
  difícil -1 complicado -1 cansado -1 cansada -1 perdido -1 perdida -1 vencido -1
  problema -2 problemas -2 preocupado -2 preocupada -2 preocupación -2 error -2 equivocado -2
  molesto -2 molesta -2 frustrado -2 frustrada -2 decepcionado -2 decepcionada -2
  insatisfecho -2 queja -2 quejarme -2 grosero -2 inútil -2 rechazado -2 rechazada -2
  denegado -2 denegada -2 injusto -2 estrés -2 miedo -2 emergencia -2 roto -2 enfermo -2
  enferma -2 dolor -2 robado -2 deuda -2 deudas -2 multa -1 ignorado -2 caos -2 triste -2
  desesperado -3 desesperada -3 malo -3 mala -3 peor -3 terrible -3 horrible -3 enfadado -3
  enfadada -3 inaceptable -3 ridículo -3 desastre -3 desahucio -3 desalojo -3 indignante -4
`);

export const LEXICONS: ReadonlyMap<string, Lexicon> = new Map([
  [
    'en',
    {
      name: 'callbrief-en-1',
      valence: ENGLISH,
      negators: words(`not no never nobody nothing neither nor none cannot without hardly barely
        can't don't doesn't didn't isn't aren't wasn't weren't won't wouldn't shouldn't
        couldn't haven't hasn't hadn't cant dont doesnt didnt isnt arent wasnt wont`),
      intensifiers: words('very really extremely so totally absolutely'),
    },
  ],
  [
    'de',
    {
      name: 'callbrief-de-1',
      valence: GERMAN,
      negators: words('nicht kein keine keinen keinem keiner nie niemals nichts ohne kaum'),
      intensifiers: words('sehr wirklich echt total absolut äußerst extrem so'),
    },
  ],
  [
    'es',
    {
      name: 'callbrief-es-1',
      valence: SPANISH,
      negators: words('no nunca nada nadie ni sin tampoco jamás ningún ninguna ninguno'),
      intensifiers: words('muy realmente totalmente absolutamente tan súper'),
    },
  ],
]);

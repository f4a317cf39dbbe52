/** The fixed words of a rendering, per language; contacts in other languages get English. */
export interface Labels {
  banner: string;
  summaryTitle: string;
  caseTitle: string;
  case: string;
  contact: string;
  languages: string;
  spoken: string;
  caseWorker: string;
  caller: string;
  created: string;
  updated: string;
  status: string;
  reason: string;
  keyFacts: string;
  nextSteps: string;
  openQuestions: string;
  contacts: string;
  none: string;
  due: string;
  fromContact: string;
  statusOpen: string;
  statusNoOpenSteps: string;
  owner: Record<'authority' | 'citizen' | 'unknown', string>;
  channel: Record<'call' | 'chat' | 'email', string>;
}

const en: Labels = {
  banner: 'AI-generated — pending review',
  summaryTitle: 'Case summary',
  caseTitle: 'Case overview',
  case: 'Case',
  contact: 'Contact',
  languages: 'Languages',
  spoken: 'spoken',
  caseWorker: 'case worker',
  caller: 'caller',
  created: 'Created',
  updated: 'Updated',
  status: 'Status',
  reason: 'Reason for contact',
  keyFacts: 'Key facts',
  nextSteps: 'Next steps',
  openQuestions: 'Open questions',
  contacts: 'Contacts',
  none: 'None',
  due: 'due',
  fromContact: 'from contact',
  statusOpen: 'open',
  statusNoOpenSteps: 'no open steps',
  owner: { authority: 'Authority', citizen: 'Citizen', unknown: 'Unassigned' },
  channel: { call: 'call', chat: 'chat', email: 'e-mail' },
};

const de: Labels = {
  banner: 'KI-generiert — Prüfung ausstehend',
  summaryTitle: 'Fallzusammenfassung',
  caseTitle: 'Fallübersicht',
  case: 'Fall',
  contact: 'Kontakt',
  languages: 'Sprachen',
  spoken: 'gesprochen',
  caseWorker: 'Sachbearbeitung',
  caller: 'anrufende Person',
  created: 'Erstellt',
  updated: 'Aktualisiert',
  status: 'Status',
  reason: 'Anliegen',
  keyFacts: 'Wichtige Fakten',
  nextSteps: 'Nächste Schritte',
  openQuestions: 'Offene Fragen',
  contacts: 'Kontakte',
  none: 'Keine',
  due: 'fällig',
  fromContact: 'aus Kontakt',
  statusOpen: 'offen',
  statusNoOpenSteps: 'keine offenen Schritte',
  owner: { authority: 'Behörde', citizen: 'Bürger/in', unknown: 'Nicht zugeordnet' },
  channel: { call: 'Anruf', chat: 'Chat', email: 'E-Mail' },
};

const es: Labels = {
  banner: 'Generado por IA — pendiente de revisión',
  summaryTitle: 'Resumen del caso',
  caseTitle: 'Vista general del caso',
  case: 'Caso',
  contact: 'Contacto',
  languages: 'Idiomas',
  spoken: 'hablado',
  caseWorker: 'gestor/a',
  caller: 'persona que llama',
  created: 'Creado',
  updated: 'Actualizado',
  status: 'Estado',
  reason: 'Motivo del contacto',
  keyFacts: 'Hechos clave',
  nextSteps: 'Próximos pasos',
  openQuestions: 'Preguntas abiertas',
  contacts: 'Contactos',
  none: 'No hay',
  due: 'plazo',
  fromContact: 'del contacto',
  statusOpen: 'abierto',
  statusNoOpenSteps: 'sin pasos pendientes',
  owner: { authority: 'Administración', citizen: 'Ciudadano/a', unknown: 'Sin asignar' },
  channel: { call: 'llamada', chat: 'chat', email: 'correo electrónico' },
};

const fr: Labels = {
  banner: 'Généré par IA — en attente de vérification',
  summaryTitle: 'Résumé du dossier',
  caseTitle: 'Vue d’ensemble du dossier',
  case: 'Dossier',
  contact: 'Contact',
  languages: 'Langues',
  spoken: 'parlée',
  caseWorker: 'agent',
  caller: 'appelant(e)',
  created: 'Créé',
  updated: 'Mis à jour',
  status: 'Statut',
  reason: 'Motif du contact',
  keyFacts: 'Faits essentiels',
  nextSteps: 'Prochaines étapes',
  openQuestions: 'Questions ouvertes',
  contacts: 'Contacts',
  none: 'Néant',
  due: 'échéance',
  fromContact: 'du contact',
  statusOpen: 'ouvert',
  statusNoOpenSteps: 'aucune étape ouverte',
  owner: { authority: 'Administration', citizen: 'Citoyen(ne)', unknown: 'Non attribué' },
  channel: { call: 'appel', chat: 'chat', email: 'e-mail' },
};

const LABELS: Readonly<Record<string, Labels>> = Object.freeze({ de, en, es, fr });

export function labelsFor(language: string): Labels {
  return LABELS[language] ?? en;
}

/** Shows a timestamp the same way on every machine (no locale or time-zone of the renderer). */
export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time)
    ? iso
    : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

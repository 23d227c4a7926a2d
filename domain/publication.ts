/**
 * What of a childminder's contact details is published for parents (Code de l'action sociale et
 * des familles, art. R. 421-39 as rewritten in 2021). Her name is always public: publication of her
 * identity is a condition of the agrément.
 */

export type Workplace = 'home' | 'mam';

export interface PublicationChoices {
  showAddress: boolean;
  showPhone: boolean;
  showEmail: boolean;
}

export type PublicationViolationCode = 'mam_address_public' | 'one_contact_public';

export interface PublicationViolation {
  code: PublicationViolationCode;
  field: keyof PublicationChoices;
  message: string;
}

/**
 * At home she may hide her address; she may hide her email or her phone, never both; a MAM's address
 * always stays public. Returns what breaks the rule (empty when the choices are lawful).
 */
export function publicationViolations(
  workplace: Workplace,
  choices: PublicationChoices,
): PublicationViolation[] {
  const violations: PublicationViolation[] = [];
  if (workplace === 'mam' && !choices.showAddress) {
    violations.push({
      code: 'mam_address_public',
      field: 'showAddress',
      message: 'L’adresse d’une maison d’assistants maternels (MAM) est toujours publiée.',
    });
  }
  if (!choices.showPhone && !choices.showEmail) {
    violations.push({
      code: 'one_contact_public',
      field: 'showEmail',
      message:
        'Vous pouvez masquer votre téléphone ou votre courriel, mais pas les deux : les parents doivent pouvoir vous joindre.',
    });
  }
  return violations;
}

/**
 * Where her choices start: the least the law lets be published. At home her address is hidden; a
 * MAM's stays public; her phone is hidden and her email shown, since one channel must stay public
 * and an email reaches her without ringing at her door or her phone at any hour.
 */
export function mostProtectiveChoices(workplace: Workplace): PublicationChoices {
  return { showAddress: workplace === 'mam', showPhone: false, showEmail: true };
}

export interface PublishableProfile {
  firstName: string;
  lastName: string;
  workplace: Workplace;
  mamName: string | null;
  address: { line1: string; line2: string | null; postalCode: string; communeName: string };
  phone: string;
  email: string;
  publication: PublicationChoices;
}

/** What a parent sees. Only data strictly needed to contact her; hidden fields are absent, not blanked. */
export interface PublicContact {
  name: string;
  workplace: Workplace;
  mamName: string | null;
  /** Always given: parents search by commune even when the street address is hidden. */
  commune: string;
  postalCode: string;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/** Applies her choices (which must be lawful) to her contact details. */
export function publicContact(profile: PublishableProfile): PublicContact {
  const { publication, address } = profile;
  const showAddress = profile.workplace === 'mam' || publication.showAddress;
  return {
    name: `${profile.firstName} ${profile.lastName}`,
    workplace: profile.workplace,
    mamName: profile.workplace === 'mam' ? profile.mamName : null,
    commune: address.communeName,
    postalCode: address.postalCode,
    address: showAddress ? [address.line1, address.line2].filter(Boolean).join(', ') : null,
    phone: publication.showPhone ? profile.phone : null,
    email: publication.showEmail ? profile.email : null,
  };
}

/**
 * Custom search attributes, for operators browsing Temporal's Web UI. They are stored unencrypted:
 * only codes go here (status, office), never personal data.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const caseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const pivotOfficeKey = defineSearchAttributeKey('PivotOffice', SearchAttributeType.KEYWORD);

export const searchAttributeKeys = [caseStatusKey, pivotOfficeKey];

import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { REQUIREMENTS } from "@fin/config";

/** The longest waiting period KMS allows (ScheduleKeyDeletion API), and its default. */
export const KMS_MAX_DELETION_WINDOW_DAYS = 30;

/**
 * KMS keys can be deleted within the requirements' window up to the longest KMS allows, so an
 * environment tears down (requirement; KMS.3). Unset means the 30-day default.
 */
export const KeyDeletionWindowAllowed: ResourceValidationPolicy = {
  name: "key-deletion-window-allowed",
  description: `KMS keys have a deletion window of ${REQUIREMENTS.kmsDeletionWindowDays}-${KMS_MAX_DELETION_WINDOW_DAYS} days.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.kms.Key, (key, _args, report) => {
    const days = key.deletionWindowInDays ?? KMS_MAX_DELETION_WINDOW_DAYS;
    if (days < REQUIREMENTS.kmsDeletionWindowDays || days > KMS_MAX_DELETION_WINDOW_DAYS) {
      report(`deletionWindowInDays is ${days}; it must be between ${REQUIREMENTS.kmsDeletionWindowDays} and ${KMS_MAX_DELETION_WINDOW_DAYS}.`);
    }
  }),
};

export * from "./LogGroupEncryptedWithCustomerKey";
export * from "./LogGroupRetainsRequiredDays";
export * from "./ServiceLogGroupsDeclared";

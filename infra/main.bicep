// The Azure shape of the reactivation engine, for `azd up` (azure.yaml at the repository root): one resource group with
// a Flex Consumption function app (the functions/ project, .NET isolated on dotnet-isolated 10.0), its storage account
// reached as a user-assigned managed identity, Application Insights on Log Analytics, Azure Communication Services with
// an Azure-managed email domain, and a Key Vault for the secrets Entra ID cannot replace.
//
// Every setting the app needs at startup in Azure is set here or comes from a parameter; BicepTemplateTests compiles
// this file and runs the app's own startup validation (AppSettings.Load) over the settings it writes.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds every resource name.')
@metadata({ example: 'reactivation-prod' })
param environmentName string

@minLength(1)
@description('Azure region of the resources (one that offers Flex Consumption).')
@metadata({ example: 'swedencentral' })
param location string

@description('Principal id of the deploying user or pipeline (azd passes the signed-in user), granted Key Vault Secrets Officer to rotate keys; empty for none.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('The journeys\' Durable task hub (JourneyTaskHub, read by host.json): 3 to 45 letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'Reactivation'

@description('The key of the management endpoints (Admin:Key), at least 16 characters. Give the host function key "admin" the same value (azure.yaml\'s postdeploy hook does).')
@minLength(16)
@secure()
param adminKey string

@description('The key of POST /api/activity and /api/users (Ingestion:Key), at least 16 characters, not the admin key.')
@minLength(16)
@secure()
param ingestionKey string

@description('The key Event Grid presents as ?key= on /api/events/acs (Acs:EventGridKey), at least 16 characters.')
@minLength(16)
@secure()
param eventGridKey string

@description('The coupon-code secret (Offers:CouponSecret), at least 32 characters; keep it for the life of the codes.')
@minLength(32)
@secure()
param couponSecret string

@description('Id of the link signing key new links are signed with (Links:CurrentKeyId): 1 to 8 lower-case letters or digits, not d1, and not k<n> (links keys new makes those).')
@minLength(1)
@maxLength(8)
param linkKeyId string = 'v1'

@description('The link signing key: Base64 of at least 32 random bytes (openssl rand -base64 32).')
@minLength(44)
@secure()
param linkKey string

@description('Id of the previous link signing key, kept verifying after a rotation; empty for none.')
@maxLength(8)
param previousLinkKeyId string = ''

@description('The previous link signing key (Base64), with previousLinkKeyId; empty for none.')
@secure()
param previousLinkKey string = ''

@description('The shop\'s domain: tracked links may lead to it and its subdomains (Links:AllowedDestinations), e.g. shop.example.com.')
@minLength(1)
@metadata({ example: 'shop.example.com' })
param linkDestinationDomain string

@description('The public origin links are minted under (Links:PublicBaseUrl); empty for the function app\'s own https host name.')
param publicBaseUrl string = ''

@description('The SMS sender (Acs:SmsFrom): an E.164 number or short code bought on the ACS resource after the first provision.')
@minLength(1)
@metadata({ example: '+18005550100' })
param smsFrom string

@description('Where ACS keeps its data at rest.')
param acsDataLocation string = 'United States'

@description('The most instances Flex Consumption scales out to.')
param maximumInstanceCount int = 100

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var names = {
  resourceGroup: 'rg-${environmentName}'
  identity: 'id-${token}'
  storage: 'st${token}'
  logAnalytics: 'log-${token}'
  applicationInsights: 'appi-${token}'
  keyVault: 'kv-${token}'
  communication: 'acs-${token}'
  emailService: 'ecs-${token}'
  plan: 'plan-${token}'
  functionApp: 'func-${token}'
}
var deploymentContainerName = 'app-package'
var previousLinkKeySecrets = empty(previousLinkKeyId) ? {} : { 'link-key-previous': previousLinkKey }
var previousLinkKeySettings = empty(previousLinkKeyId)
  ? {}
  : { 'Links__Keys__${previousLinkKeyId}': '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=link-key-previous)' }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    secrets: union(
      {
        'admin-key': adminKey
        'ingestion-key': ingestionKey
        'acs-event-grid-key': eventGridKey
        'coupon-secret': couponSecret
        'link-key-current': linkKey
      },
      previousLinkKeySecrets
    )
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    name: names.communication
    emailServiceName: names.emailService
    dataLocation: acsDataLocation
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'functions'
    identityId: identity.outputs.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
  }
}

module appSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  scope: rg
  params: {
    appName: functionApp.outputs.name
    settings: union(
      {
        // The Functions host and Durable Task (host.json's connectionName AzureWebJobsStorage) as the app identity.
        AzureWebJobsStorage__accountName: storage.outputs.name
        AzureWebJobsStorage__credential: 'managedidentity'
        AzureWebJobsStorage__clientId: identity.outputs.clientId
        // Telemetry as the app identity (Application Insights has local auth off).
        APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
        // DefaultAzureCredential (ACS) picks the user-assigned identity by its client id.
        AZURE_CLIENT_ID: identity.outputs.clientId
        JourneyTaskHub: taskHubName
        // The timers' %Setting% schedules: the host resolves them from app settings only (the app's defaults).
        Sweep__Schedule: '0 0 2 * * *'
        Measurement__RollupSchedule: '0 */10 * * * *'
        Measurement__DailySchedule: '0 30 3 * * *'
        Admin__Key: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=admin-key)'
        Ingestion__Key: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=ingestion-key)'
        Offers__CouponSecret: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=coupon-secret)'
        Links__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${functionApp.outputs.defaultHostName}' : publicBaseUrl
        Links__CurrentKeyId: linkKeyId
        'Links__Keys__${linkKeyId}': '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=link-key-current)'
        Links__AllowedDestinations__0: linkDestinationDomain
        Links__AllowedDestinations__1: '*.${linkDestinationDomain}'
        // ACS with Entra ID: an endpoint without accesskey makes the app authenticate as the identity.
        Acs__ConnectionString: 'endpoint=https://${communication.outputs.hostName}/'
        Acs__SmsFrom: smsFrom
        Acs__EmailSender: 'DoNotReply@${communication.outputs.mailFromSenderDomain}'
        Acs__EventGridKey: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=acs-event-grid-key)'
      },
      previousLinkKeySettings
    )
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_COMMUNICATION_SERVICES_NAME string = communication.outputs.name
output ACS_EMAIL_SENDER string = 'DoNotReply@${communication.outputs.mailFromSenderDomain}'

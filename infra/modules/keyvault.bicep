// Key Vault for the secrets that cannot be replaced by Entra ID: the keys callers present (admin, ingestion, the Event
// Grid key), the coupon secret and the link signing keys. The app reads them through Key Vault references as its
// managed identity (Key Vault Secrets User); the deploying principal may manage them (Key Vault Secrets Officer).

@description('Name of the vault (3 to 24 letters, digits and hyphens).')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

@description('Principal id of the app identity, granted Key Vault Secrets User.')
param appPrincipalId string

@description('Principal id of whoever deploys (azd passes the signed-in user), granted Key Vault Secrets Officer; empty for none.')
param operatorPrincipalId string

@description('Principal type of operatorPrincipalId.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param operatorPrincipalType string

@description('The secrets to store, by secret name.')
@secure()
param secrets object

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource stored 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(secrets): {
  parent: vault
  name: secret.key
  properties: {
    value: secret.value
  }
}]

resource appReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorManages 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, secretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficer)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

output name string = vault.name

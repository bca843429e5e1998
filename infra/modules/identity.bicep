// The app's one user-assigned managed identity: the Functions host, Durable Task, the deployment container, Application
// Insights, ACS and the Key Vault references all authenticate as it. A user-assigned identity exists before the app,
// so its role assignments are in place (and propagating) by the time the app first starts.

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
